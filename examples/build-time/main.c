/* Uses the code mofc generated from hello.mof: a typed struct, ValueMap
 * constants and their names, and the method's In/Out structs. */
#include "hello.h"
#include <stdio.h>

int main(void)
{
    Ex_Greeter g = {0};
    MOFRT_SET_VALUE(&g.Style, Ex_Greeter_Style_LOUD);
    Ex_Greeter_Greet_In in = {0};
    printf("%s has %zu properties; style %u is %s; Greet returns %s on success\n",
           Ex_Greeter_desc.name, Ex_Greeter_desc.nprops, (unsigned)g.Style.v,
           Ex_Greeter_Style_to_string(g.Style.v), Ex_Greeter_Greet_Result_to_string(Ex_Greeter_Greet_DONE));
    return in.Whom.state == MOFRT_ABSENT ? 0 : 1;
}
