# Convenience targets; the README's commands call installer/dev.sh directly so that a machine without make works.
.PHONY: run test
run:
	sh installer/dev.sh run
test:
	sh installer/dev.sh test
