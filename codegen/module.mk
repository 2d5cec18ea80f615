include codegen/tmpl.mk
