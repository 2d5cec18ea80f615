#!/bin/sh
# mofc export marks every qualifier of an inherited member PROPAGATED="true"
# (DSP0201 5.1: the qualifier came from the superclass, as the module
# metadata and GetClass have it), and leaves out a Restricted one (not
# ToSubclass: Override, Deprecated; DSP0004 5.6.1.2), which the subclass
# does not inherit. The declaring class keeps them, not propagated.
. tests/cli/lib.sh
cd "$T"
cat > prop.mof <<'M'
class Pr_Base {
    [Key, Description ("The id.")] string Id;
    [Deprecated { "Pr_Base.Size" }, Description ("Old.")] uint32 Old;
    uint32 Size;
    [Description ("Resets.")] uint32 Reset ([In] boolean Force);
};
class Pr_Mid : Pr_Base {
    [Override ("Size"), Description ("Bigger.")] uint32 Size;
};
class Pr_Leaf : Pr_Mid { };
M
"$MOFC" export -q -o prop.xml prop.mof && ok "export runs" || bad "export runs"
# the member elements of one class, one a line
members() { tr -d '\n' < prop.xml | sed "s|.*<CLASS NAME=\"$1\"||; s|</CLASS>.*||" | sed 's|<PROPERTY|\n<PROPERTY|g; s|<METHOD|\n<METHOD|g'; }
line() { members "$1" | grep "NAME=\"$2\""; }
expect_in() { case "$2" in *"$3"*) ok "$1" ;; *) bad "$1: '$3' not in '$2'" ;; esac; }
expect_out() { case "$2" in *"$3"*) bad "$1: '$3' in '$2'" ;; *) ok "$1" ;; esac; }
expect_in "own member: Key not propagated" "$(line Pr_Base Id)" '<QUALIFIER NAME="Key" TYPE="boolean" OVERRIDABLE="false" TOSUBCLASS="true">'
expect_in "own member: Deprecated (restricted) kept" "$(line Pr_Base Old)" '<QUALIFIER NAME="Deprecated" TYPE="string" OVERRIDABLE="true" TOSUBCLASS="false">'
expect_in "inherited member: Key propagated" "$(line Pr_Leaf Id)" '<QUALIFIER NAME="Key" TYPE="boolean" PROPAGATED="true" OVERRIDABLE="false" TOSUBCLASS="true">'
expect_in "inherited member: Description propagated" "$(line Pr_Leaf Id)" '<QUALIFIER NAME="Description" TYPE="string" PROPAGATED="true"'
expect_in "inherited member: the Description that is not restricted stays" "$(line Pr_Mid Old)" '<QUALIFIER NAME="Description" TYPE="string" PROPAGATED="true"'
expect_out "inherited member: Deprecated (restricted) not inherited" "$(line Pr_Mid Old)" 'Deprecated'
expect_in "the override in its class: Override, not propagated" "$(line Pr_Mid Size)" '<QUALIFIER NAME="Override" TYPE="string" OVERRIDABLE="true" TOSUBCLASS="false"><VALUE>Size</VALUE>'
expect_out "the override inherited: Override (restricted) not inherited" "$(line Pr_Leaf Size)" 'Override'
expect_in "the override inherited: its Description propagated" "$(line Pr_Leaf Size)" '<QUALIFIER NAME="Description" TYPE="string" PROPAGATED="true" OVERRIDABLE="true" TOSUBCLASS="true" TRANSLATABLE="true"><VALUE>Bigger.</VALUE>'
expect_in "inherited method: its qualifier propagated" "$(line Pr_Leaf Reset)" '<QUALIFIER NAME="Description" TYPE="string" PROPAGATED="true"'
expect_out "nothing propagated in the root" "$(members Pr_Base)" 'PROPAGATED'
finish
