# The two commands a newcomer needs (README): `make run` and `make test`.
.PHONY: run test setup build size

run:
	scripts/run.sh

test:
	scripts/test.sh

setup:
	scripts/setup.sh

build: setup
	scripts/build.sh

size: build
	node scripts/first-load-size.mjs
