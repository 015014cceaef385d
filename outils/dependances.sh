#!/bin/sh
# dependances.sh [--autotests | --classe] : installe les paquets Debian manquants (check,
# pkg-config, valgrind, patch ; avec --autotests, aussi python3, clang-format et file pour « make
# check » ; avec --classe, python3 pour « make classe »), en le disant, avec sudo quand on n'est
# pas root. Ne fait rien si tout est là.
# Dans le kit étudiant (pas de solutions/, un dossier precompile/), correcteurs et références
# sont précompilés : il ne faut que gcc et make ; sans valgrind, seul l'item « valgrind » échoue.
set -eu
cd "$(dirname "$0")/.."
if [ ! -d solutions ] && [ -d precompile ]; then
	command -v cc >/dev/null 2>&1 || echo "tp-ipc : gcc est introuvable : installez-le (paquet gcc)." >&2
	command -v valgrind >/dev/null 2>&1 ||
		echo "tp-ipc : valgrind absent : l'item « valgrind » échouera (paquet valgrind)." >&2
	[ "${1:-}" != --classe ] || command -v python3 >/dev/null 2>&1 ||
		echo "tp-ipc : python3 est introuvable : « make classe » en a besoin." >&2
	command -v cc >/dev/null 2>&1
	exit
fi
manquants=""
case ${1:-} in
--autotests)
	command -v clang-format >/dev/null 2>&1 || manquants="$manquants clang-format"
	command -v file >/dev/null 2>&1 || manquants="$manquants file" # binaires du kit dépouillés ?
	;;
esac
case ${1:-} in
--autotests | --classe) command -v python3 >/dev/null 2>&1 || manquants="$manquants python3"; command -v sim_c >/dev/null 2>&1 || manquants="$manquants similarity-tester" ;;
esac
command -v pkg-config >/dev/null 2>&1 || manquants="$manquants pkg-config"
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists check 2>/dev/null; then
	manquants="$manquants check"
fi
command -v valgrind >/dev/null 2>&1 || manquants="$manquants valgrind"
command -v patch >/dev/null 2>&1 || manquants="$manquants patch"
command -v bwrap >/dev/null 2>&1 || manquants="$manquants bubblewrap" # bac de la compilation
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
