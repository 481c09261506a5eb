# egressfed — the two commands of the quick start are `make demo` and `make test`.
MVN ?= mvn
MVN_FLAGS ?= -B

.PHONY: test build demo test-deps clean

## test: installs what the tests need (etcd) when missing, then builds and runs every test
test: test-deps
	$(MVN) $(MVN_FLAGS) verify

test-deps:
	./scripts/ensure-test-deps.sh

## build: compiles and packages every module, no tests
build:
	$(MVN) $(MVN_FLAGS) -q -DskipTests package

## demo: the guided tour on simulated clusters (builds first when needed); see README
demo:
	./bin/egressfed-lab demo --summary-json target/demo-summary.json

clean:
	$(MVN) $(MVN_FLAGS) -q clean
