# The two commands a newcomer needs (README): `make run` and `make test`.
.PHONY: run test setup build size soak chaos bench

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

# Long runs that print figures (BENCHMARKS.md); a short run of each is part of `make test`.
# Issue 13: many writers and syncing devices on the real server and SQLite file.
soak: setup
	cargo test --release -p yizhan-server --test concurrency -- --ignored --nocapture

# Issue 13: the built app through a fault-injecting proxy, several residents and staff.
chaos: build
	cargo build -p yizhan-server
	YIZHAN_CHAOS=full node --test --test-concurrency=1 tests/e2e/chaos.test.mjs

# Issue 16: what a phone downloads, how fast the app opens, a dispatcher's 10,000 orders,
# and the server's throughput beside json-server, in one run (BENCHMARKS.md).
bench:
	scripts/bench.sh
