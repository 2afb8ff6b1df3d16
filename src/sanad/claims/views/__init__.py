"""The claims pages: the facility desk, batches, the fund's queues, reimbursements and complaints."""
