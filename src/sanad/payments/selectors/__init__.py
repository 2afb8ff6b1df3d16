"""Every read of the payments app: runs, their orders and bank files, reports, payees' accounts."""
