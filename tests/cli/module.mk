CHECK_SCRIPTS += tests/cli/test_cli.sh tests/cli/test_corpus.sh tests/cli/test_docs.sh tests/cli/test_golden.sh \
                 tests/cli/test_fmt.sh tests/cli/test_fmt_corpus.sh tests/cli/test_dialects.sh \
                 tests/cli/test_leniency.sh
CHECK_SCRIPTS += tests/cli/test_diff.sh tests/cli/test_ci_doc.sh tests/cli/test_embedded_alias.sh tests/cli/test_embedded_default.sh \
                 tests/cli/test_gen_names.sh tests/cli/test_export_propagated.sh
