# Convenience targets over ./aura-dev, which does the work (and runs on a
# fresh Debian 12 where make itself may be missing).
.PHONY: all build run test format deps clean
all: build
build run test format deps:
	./aura-dev $@
clean:
	rm -rf _build _build-sanitize
