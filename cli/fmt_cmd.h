/* mofc fmt: the command (docs/fmt.md). */
#ifndef MOFC_FMT_CMD_H
#define MOFC_FMT_CMD_H
#include <stdio.h>

/* argv: what follows "fmt". Returns the exit status: 0 done (--check:
 * every file formatted), 1 a file does not parse or (--check) would
 * change, 2 usage or I/O errors. usage(stdout) prints the help for --help. */
int fmt_main(int argc, char **argv, void (*usage)(FILE *));
#endif
