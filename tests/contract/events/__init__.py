"""Golden event payloads and the fixed inputs they are produced from."""
