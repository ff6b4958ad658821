//! Rules that find web-page furniture pasted into copy.
