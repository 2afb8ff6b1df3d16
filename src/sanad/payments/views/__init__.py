"""The payments app's pages."""
