"""The provider pages."""
