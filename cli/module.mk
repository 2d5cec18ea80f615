CLI_SRCS += cli/mofc.c cli/options.c
