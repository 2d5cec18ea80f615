CLI_SRCS += cli/mofc.c
