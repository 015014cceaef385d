#!/bin/sh
# dependances.sh [--autotests] : installe les paquets Debian manquants (check, pkg-config,
# valgrind, patch ; avec --autotests, aussi python3 et clang-format pour « make check »), en le
# disant, avec sudo quand on n'est pas root. Ne fait rien si tout est là.
set -eu
manquants=""
if [ "${1:-}" = --autotests ]; then
	command -v python3 >/dev/null 2>&1 || manquants="$manquants python3"
	command -v clang-format >/dev/null 2>&1 || manquants="$manquants clang-format"
fi
command -v pkg-config >/dev/null 2>&1 || manquants="$manquants pkg-config"
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists check 2>/dev/null; then
	manquants="$manquants check"
fi
command -v valgrind >/dev/null 2>&1 || manquants="$manquants valgrind"
command -v patch >/dev/null 2>&1 || manquants="$manquants patch"
command -v cc >/dev/null 2>&1 || manquants="$manquants gcc"
command -v make >/dev/null 2>&1 || manquants="$manquants make"
[ -z "$manquants" ] && exit 0

echo "tp-ipc : paquets manquants :$manquants ; installation avec apt-get."
if ! command -v apt-get >/dev/null 2>&1; then
	echo "tp-ipc : apt-get introuvable : installez vous-même$manquants." >&2
	exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "tp-ipc : ni root ni sudo : demandez l'installation de$manquants." >&2
		exit 1
	fi
	sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $manquants >/dev/null
echo "tp-ipc : installé :$manquants."
