#!/bin/bash
# setup.sh : exécuté une fois par Gradescope pour préparer son image (Ubuntu) : ce qu'il faut pour
# compiler et noter les TP avec le kit précompilé (gcc, make, valgrind, python3, setpriv).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends gcc libc6-dev make valgrind python3 util-linux bubblewrap \
	procps unzip >/dev/null
chmod +x /autograder/source/run_autograder /autograder/source/tp-ipc/outils/*.sh
