"""What goes out: the published copy and feeds, notifications, the report, status, and text made safe for every output."""
