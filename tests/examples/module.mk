CHECK_SCRIPTS += tests/examples/test_build_time.sh
