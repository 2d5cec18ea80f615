CHECK_SCRIPTS += tests/examples/test_build_time.sh
CHECK_SCRIPTS += tests/examples/test_provider_guide.sh
