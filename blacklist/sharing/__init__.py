"""Sharing: feeds of the change log pushed to credit platforms, the pull API, exports, timeliness."""
