"""Every suite shares one set of real infrastructure (and, for e2e, one stack) per session."""

pytest_plugins = ["rr_devstack.pytest_plugin"]
