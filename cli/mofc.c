/* placeholder driver, replaced by the front end work */
#include <stdio.h>
int main(void) { puts("mofc " MOFC_VERSION); return 0; }
