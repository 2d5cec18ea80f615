#!/bin/sh
# Generated C names that would be equal (mofc gen used to exit 0 and write C
# that does not compile): each kind is MOF3002 at the MOF element, nothing
# is written; names that only look alike still generate C that compiles.
. tests/cli/lib.sh
ROOT=$(pwd)
cd "$T"

# clash NAME EXPECTED-LINE:COL MOF: gen fails with MOF3002 there, writes nothing
clash() {
  printf '%s\n' "$3" > "$1.mof"
  rm -rf g; mkdir g
  if "$MOFC" gen --skeleton -o g --name k "$1.mof" 2>err; then
    bad "$1: gen fails"; return
  fi
  grep -q "^$1.mof:$2: error: .*\[MOF3002\]" err && ok "$1: MOF3002 at $2" || { bad "$1: MOF3002 at $2"; cat err; }
  [ -z "$(ls g)" ] && ok "$1: nothing written" || bad "$1: nothing written"
}

# a method named as a provider operation of the class's _ops
clash op 3:4 'class KW_A {
   [Key] string Id;
   uint32 get_instance();
};'
# a class named as another class's generated struct
clash keys 2:1 'class KW_A { [Key] string Id; };
class KW_A_keys { [Key] string Id; };'
# a ValueMap enum type named as the class's _ops struct
clash vmtype 1:31 'class KW_A { [Key] string Id; [ValueMap{"1"},Values{"X"}] uint32 ops; };'
# a ValueMap constant named as another class
clash vmconst 2:1 'class KW_B { [Key] string Id; [ValueMap{"1"},Values{"X"}] uint32 P; };
class KW_B_P_X { [Key] string Id; };'
# two properties that become one C field ("for" is a keyword: for_)
clash field 1:43 'class KW_C { [Key] string Id; uint32 for; uint32 for_; };'
# two parameters that become one In field
clash param 1:57 'class KW_D { [Key] string Id; uint32 M([In] uint32 new, [In] uint32 new_); };'
# a class in the runtime's prefix
clash runtime 1:1 'class mofrt_value { [Key] string Id; };'
# a class named as the module's table (--name k)
clash module 1:1 'class k_classes { [Key] string Id; };'
# constants of two enums of one class: A = "B_C" and A_B = "C"
clash consts 1:71 'class KW_E { [Key] string Id; [ValueMap{"1"},Values{"B C"}] uint32 A; [ValueMap{"1"},Values{"C"}] uint32 A_B; };'

# Names that look alike but differ: gen runs, and the C compiles as is.
cat > fine.mof <<'M'
class KW_F { [Key] string Id; uint32 post; uint32 init(); uint32 clear(); uint32 keys(); };
class KW_F_Part { [Key] string Id; [ValueMap{"1"},Values{"In"}] uint32 M; uint32 M_(); };
class KW_Fx { [Key] string Id; };
M
mkdir gf
if "$MOFC" gen --skeleton -q -o gf --name k fine.mof 2>err; then
  ok "look-alike names generate"
  cc -std=c11 -Wall -Wextra -Werror -I"$ROOT/runtime" -Igf -c gf/k.c -o gf/k.o && \
    cc -std=c11 -Wall -Wextra -Werror -I"$ROOT/runtime" -Igf -c gf/k_provider.c -o gf/p.o \
    && ok "look-alike names compile" || bad "look-alike names compile"
else
  bad "look-alike names generate"; cat err
fi
finish
