"""The 公示 (public notice) view: what may be published about an approved household."""
