# examples/linuxhost: a provider module serving the machine it runs on
# (Linux_OperatingSystem, Linux_Process, Linux_OSProcess, from /proc) to
# mofserve. Not part of `make all`: its MOF includes DMTF's CIM 2.49 files,
# unpacked here from ../shared/corpora (SHARED=) and never committed.
#   make linuxhost
#   build/mofserve --schema examples/linuxhost/linuxhost.mof -I build/examples/linuxhost/cim \
#       --provider build/examples/linuxhost/linuxhost.so
SHARED     ?= $(abspath ../shared)
LH_DIR     := examples/linuxhost
LH_B       := $(B)/examples/linuxhost
LH_ZIP     := $(SHARED)/corpora/cim_schema_2.49.0Final-MOFs.zip
LH_CLASSES := Linux_OperatingSystem Linux_Process Linux_OSProcess
LINUXHOST_SO := $(LH_B)/linuxhost.so

$(LH_B)/cim/.stamp: $(LH_ZIP)
	@rm -rf $(LH_B)/cim && mkdir -p $(LH_B)/cim
	cd $(LH_B)/cim && unzip -q $(abspath $(LH_ZIP))
	@touch $@

# Only the three classes and what they need (--class): their parents'
# descriptors, as metadata for the module.
$(LH_B)/gen/.stamp: $(LH_DIR)/linuxhost.mof $(LH_B)/cim/.stamp $(B)/mofc $(wildcard templates/*.mustache)
	@mkdir -p $(dir $@)
	$(B)/mofc gen -q -o $(LH_B)/gen --name linuxhost $(LH_CLASSES:%=--class %) -I $(LH_B)/cim $(LH_DIR)/linuxhost.mof
	@touch $@

# The module as docs/server.md builds one (cc -shared -fPIC gen/NAME.c
# NAME_provider.c ... $(pkg-config --cflags --libs mofsrv)); in the tree
# -Iruntime and the libmofrt.so of $(B) stand for pkg-config's flags.
# (Names spelt out: this file is read before runtime/ and server/ module.mk.)
$(LINUXHOST_SO): $(LH_B)/gen/.stamp $(LH_DIR)/linuxhost_provider.c $(LH_DIR)/procfs.c $(LH_DIR)/procfs.h \
                 $(B)/libmofrt.so.0 $(FLAGS_STAMP)
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) -Iruntime -I$(LH_B)/gen -I$(LH_DIR) $(CFLAGS_ALL) -shared -fPIC \
	    $(LDFLAGS_ALL) -o $@ $(LH_B)/gen/linuxhost.c $(LH_DIR)/linuxhost_provider.c $(LH_DIR)/procfs.c \
	    -L$(B) -lmofrt -Wl,-rpath,$(abspath $(B))

linuxhost: $(LINUXHOST_SO) $(B)/mofserve
.PHONY: linuxhost

CHECK_SCRIPTS += tests/examples/test_linuxhost.sh
check: $(LINUXHOST_SO)
