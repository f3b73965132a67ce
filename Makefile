# Convenience targets; the README's commands call installer/dev.sh directly so that a machine without make works.
.PHONY: run test docs-images screens bundle bench
run:
	sh installer/dev.sh run
test:
	sh installer/dev.sh test
docs-images:
	sh installer/dev.sh docs
screens:
	sh installer/dev.sh screens
bundle:
	sh installer/dev.sh bundle
bench:
	sh installer/dev.sh bench
