"""What each command shows, built from a View only: pure functions, no printing. One module per page."""
