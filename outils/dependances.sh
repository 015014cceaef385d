#!/bin/sh
# dependances.sh [--autotests | --classe] : installe les paquets Debian manquants (gcc et les
# en-têtes C, make, check, pkg-config, valgrind, patch, procps, bubblewrap ; avec --autotests,
# aussi python3, clang-format, file, libcap2-bin, util-linux et similarity-tester pour « make
# check » ; avec --classe, python3, util-linux et similarity-tester pour « make classe »), en le disant, avec sudo quand on n'est pas root. Ne fait rien
# si tout est là. Sans moyen d'installer : un message, avec la ligne à donner à un administrateur.
# Dans le kit étudiant (pas de solutions/, un dossier precompile/), correcteurs et références
# sont précompilés : il ne faut que gcc et make ; sans valgrind, seul l'item « valgrind » échoue.
set -eu
cd "$(dirname "$0")/.."
mode=${1:-}

# en_tetes : le compilateur trouve les en-têtes de la libc (gcc sans ses paquets recommandés
# n'amène pas libc6-dev : « sys/types.h: No such file or directory »).
en_tetes() { printf '#include <sys/types.h>\n' | cc -E -x c - >/dev/null 2>&1; }

if [ ! -d solutions ] && [ -d precompile ]; then
	if ! command -v cc >/dev/null 2>&1; then
		echo "tp-ipc : gcc est introuvable : installez-le (paquet gcc)." >&2
	elif ! en_tetes; then
		echo "tp-ipc : les en-têtes C (sys/types.h) sont introuvables : installez le paquet libc6-dev." >&2
	fi
	command -v valgrind >/dev/null 2>&1 ||
		echo "tp-ipc : valgrind absent : l'item « valgrind » échouera (paquet valgrind)." >&2
	if [ "$mode" = --classe ]; then
		command -v python3 >/dev/null 2>&1 ||
			echo "tp-ipc : python3 est introuvable : « make classe » en a besoin (paquet python3)." >&2
		command -v pgrep >/dev/null 2>&1 ||
			echo "tp-ipc : pgrep est introuvable : « make classe » en a besoin (paquet procps)." >&2
	fi
	command -v cc >/dev/null 2>&1 && en_tetes
	exit
fi

# manque PAQUET QUOI : PAQUET est à installer, pour QUOI (ce qui manque, dit à l'utilisateur).
paquets="" quoi=""
manque() {
	case " $paquets " in *" $1 "*) return 0 ;; esac
	paquets="$paquets $1"
	quoi="$quoi, $2"
}
# commande NOM PAQUET : NOM doit être une commande.
commande() { command -v "$1" >/dev/null 2>&1 || manque "$2" "$1 ($2)"; }

commande make make
if command -v cc >/dev/null 2>&1; then
	en_tetes || manque libc6-dev "les en-têtes C (libc6-dev)"
else
	manque gcc "gcc"
	manque libc6-dev "les en-têtes C (libc6-dev)"
fi
commande pkg-config pkg-config
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists check 2>/dev/null; then
	manque check "la bibliothèque Check (check)"
fi
commande valgrind valgrind
commande patch patch
# bwrap : le bac de la compilation (outils/bac.sh ; sans lui, la compilation n'a que setsid,
# sa limite de temps et l'uid noté).
commande bwrap bubblewrap
# ps et pgrep : les démonstrations, les autotests et make classe.
commande ps procps
commande pgrep procps
case $mode in
--autotests)
	commande clang-format clang-format
	commande file file # binaires du kit dépouillés ?
	commande capsh libcap2-bin # le lot de la classe sans CAP_SYS_ADMIN, comme dans Docker
	;;
esac
case $mode in
--autotests | --classe)
	commande python3 python3
	commande setpriv util-linux
	commande prlimit util-linux
	commande sim_c similarity-tester # similarités entre rendus (outils/similarites.py)
	;;
esac
[ -z "$paquets" ] && exit 0
quoi=${quoi#, }

# Qui peut installer : root, ou sudo (sans mot de passe, ou avec un terminal pour le demander).
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
		sudo="sudo"
	fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "tp-ipc : il manque $quoi ; apt-get est introuvable : installez vous-même les paquets$paquets." >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ] && [ -z "$sudo" ]; then
	printf '%s\n  %s\n' "tp-ipc : il manque $quoi ; vous n'êtes pas root et ne pouvez pas utiliser sudo : demandez à un administrateur de lancer :" \
		"sudo apt-get install$paquets" >&2
	exit 1
fi
echo "tp-ipc : il manque $quoi ; installation avec ${sudo:+sudo }apt-get install$paquets."
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends $paquets >/dev/null; }; then
	printf '%s\n  %s\n' "tp-ipc : l'installation a échoué (voir ci-dessus) ; à la main :" \
		"sudo apt-get install$paquets" >&2
	exit 1
fi
echo "tp-ipc : installé :$paquets."
