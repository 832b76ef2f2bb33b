"""The annual complaint-handling report (P2B Regulation art. 11(4))."""
