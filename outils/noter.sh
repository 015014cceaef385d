#!/bin/bash
# noter.sh : compile les programmes de SRC/NN-nom pour chaque TP choisi et lance son correcteur.
# Appelé par « make grade » ; variables : SRC, LAB, JSON, TEST, VALGRIND, B, LABS ; aussi
# PRE (dossier des correcteurs tests/NN-nom/correcteur et des références ref/NN-nom, défaut B ;
# precompile dans le kit), BUDGET (secondes par TP) et ETIQUETTE (nom du rendu dans le rapport,
# au lieu de SRC) pour « make classe » ; TP_IPC_UID (uid des programmes notés, en root) et
# TP_IPC_ETAT (dossier où écrire LAB.fin : code, durée et limite du correcteur).
set -u
cd "$(dirname "$0")/.." || exit 2
src=${SRC:-labs}
src=${src%/}
b=${B:-build}
pre=${PRE:-$b}
LABS=${LABS:-$(for f in tests/*/programmes; do basename "$(dirname "$f")"; done)}
if [ ! -d "$src" ]; then
	echo "make grade : dossier SRC introuvable : $src" >&2
	exit 2
fi
if [ -n "${LAB:-}" ]; then
	if [ ! -f "tests/$LAB/programmes" ]; then
		echo "make grade : TP inconnu « $LAB » ; TP disponibles : $LABS" >&2
		exit 2
	fi
	labs=("$LAB")
else
	labs=()
	for l in $LABS; do [ -d "$src/$l" ] && labs+=("$l"); done
	if [ ${#labs[@]} -eq 0 ]; then
		echo "make grade : aucun dossier de TP (NN-nom) dans $src ; TP connus : $LABS" >&2
		exit 2
	fi
fi
[ -n "${TEST:-}" ] && [ -z "${LAB:-}" ] && [ ${#labs[@]} -gt 1 ] && {
	echo "make grade : TEST=$TEST demande aussi LAB=NN-nom" >&2
	exit 2
}
# ---- Le bac de la notation ----
# Tout ce que cette notation écrit vit dans un dossier neuf, effacé à la fin (même sur Ctrl-C ou
# un délai dépassé) : compilations, références, fichiers temporaires du correcteur.
# En root, le correcteur reste root (l'identité de notation) et les programmes notés tournent sous
# TP_IPC_UID (un uid sans privilège réservé ici, ou celui du créneau de make classe) : ils ne
# peuvent écrire ni ce dossier, ni les correcteurs, ni les JSON, ni lire les références.
racine=0
[ "$(id -u)" -eq 0 ] && racine=1
. outils/bac.sh
uid_reserve=0
if [ $racine = 1 ] && [ -z "${TP_IPC_UID:-}" ]; then
	command -v setpriv >/dev/null || { echo "make grade : setpriv (util-linux) est nécessaire en root" >&2; exit 2; }
	bac_reserver 63000 1 || { echo "make grade : aucun uid libre à partir de 63000" >&2; exit 2; }
	export TP_IPC_UID=$BAC_UID0
	uid_reserve=1
fi
base=${TMPDIR:-/tmp}
[ $racine = 1 ] && ! bac_en_uid test -x "$base" 2>/dev/null && base=/tmp
W=$(mktemp -d "$base/tp-ipc-note.XXXXXX") || exit 2
chmod 711 "$W"
mkdir -m 711 "$W/tmp"
mkdir -m 700 "$W/ref"
# Le seul dossier où les programmes notés écrivent (valgrind y met ses fichiers).
mkdir -m 700 "$W/etudiant"
[ $racine = 1 ] && chown "${TP_IPC_UID}:${TP_IPC_UID}" "$W/etudiant"
export TP_IPC_TMPDIR_ETUDIANT=$W/etudiant
sid=""
fin() {
	trap - EXIT INT TERM HUP
	[ -n "$sid" ] && { pkill -KILL -s "$sid"; wait "$sid"; } 2>/dev/null
	[ $uid_reserve = 1 ] && bac_vider "$TP_IPC_UID"
	bac_cg_detruire
	rm -rf "$W"
}
trap fin EXIT
trap 'echo "make grade : interrompu" >&2; exit 130' INT TERM HUP
# make grade en root : un créneau de make classe (groupe de contrôle, bac.sh), que pids.max et
# la mémoire du rendu (4 × BAC_MEMOIRE Mio, mémoire partagée comprise) bornent pour tous les
# programmes notés ensemble ; sans contrôleurs cpu et pids, les seules limites par processus.
groupe=0 memoire_rendu=0
if [ $uid_reserve = 1 ]; then
	for v in BAC_NPROC BAC_CPU BAC_MEMOIRE; do
		case ${!v} in '' | *[!0-9]* | 0) echo "make grade : $v=${!v} : un entier positif est attendu" >&2; exit 2 ;; esac
	done
	memoire_rendu=$((4 * BAC_MEMOIRE))
	if bac_cg_preparer "tp-ipc-note-$$" 1 "$BAC_NPROC" "$memoire_rendu" 1; then groupe=1; else bac_cg_detruire; fi
fi
bwrap_ok=0
bac_bwrap_ok && bwrap_ok=1
budget=${BUDGET:-120}
delai_cc=${TP_IPC_DELAI_COMPILATION:-60}

# compiler LAB DOSSIER : compile les sources (fichiers ordinaires seuls) de DOSSIER dans
# $W/LAB/bin, dossier neuf : jamais un binaire d'une notation précédente ou laissé par un
# programme noté. Sous l'uid noté, sans terminal, avec son délai ; dans bubblewrap s'il marche ici
# (sans périphériques, sans réseau, sans autre fichier que les sources et le système).
compiler() {
	local l=$1 d=$2 c=$W/$1/chantier o=$W/$1/bin rc
	mkdir -p "$c/outils" "$c/src" "$o"
	cp common -R "$c/common"
	cp outils/programmes.mk outils/drapeaux.mk "$c/outils/"
	find "$d" -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' \) -exec cp {} "$c/src/" \;
	chmod -R go+rX,go-w "$W/$l"
	[ $racine = 1 ] && chown "$TP_IPC_UID:$TP_IPC_UID" "$o"
	local make_=(make --no-print-directory -s -f outils/programmes.mk SRC=src OUT="$o"
		PROGS="$(cat "tests/$l/programmes")")
	if [ $bwrap_ok = 1 ]; then
		(bac_fermer_verrous; exec timeout -k 2 "$delai_cc" setsid -w \
			bash -c '. outils/bac.sh; bac_bwrap "$@"' bac "$c" "$o" "${make_[@]}") </dev/null
	else
		(bac_fermer_verrous; cd "$c" && exec timeout -k 2 "$delai_cc" setsid -w \
			env -i PATH=/usr/bin:/bin LANG=C.UTF-8 bash -c '. "$0"; bac_en_uid "$@"' \
			"$OLDPWD/outils/bac.sh" "${make_[@]}") </dev/null
	fi
	rc=$?
	[ $rc = 124 ] || [ $rc = 137 ] &&
		echo "compilation arrêtée après $delai_cc s (limite de temps de la compilation)"
	# Les binaires passent à root : plus aucun programme noté ne peut les changer.
	[ $racine = 1 ] && { chown -R 0:0 "$o"; chmod -R go-w "$o"; }
	return $rc
}

# references LAB : les programmes de référence, copiés où seul root passe (0700), en 0711 ; leur
# dossier d'origine (build/ref, precompile/ref) est aussi fermé aux autres uids.
references() {
	if [ $racine = 1 ]; then
		[ "$(stat -c %u "$pre/ref")" = 0 ] && chmod 700 "$pre/ref"
		mkdir -m 700 "$W/ref/$1"
		cp "$pre/ref/$1"/* "$W/ref/$1/"
		chmod 711 "$W/ref/$1"/*
		echo "$W/ref/$1"
	else
		echo "$pre/ref/$1"
	fi
}

# correcteur LAB OPTIONS... : le correcteur, dans sa propre session (tué en entier sur Ctrl-C),
# avec la limite totale du TP ; dit exactement comment il a fini s'il n'a pas rendu de note.
correcteur() {
	local l=$1 rc debut=$SECONDS total=$((budget + 90)) limites=(exec) refus oom
	shift
	# make grade en root : les limites par défaut de make classe (bac.sh), que l'uid réservé ici
	# rend exactes (RLIMIT_NPROC ne compte que ses processus) ; make classe pose les siennes.
	# exec ou bac_exec_limites remplacent le sous-shell de « & » : $! est le pid de setsid, la
	# session, placé dans la feuille du correcteur de son groupe de contrôle.
	# Avec le groupe, pids.max (qui compte ses refus) borne ; RLIMIT_NPROC, au double, n'est
	# qu'un filet : à égalité, l'un ou l'autre refuserait le fork, et la limite atteinte ne se
	# lirait dans le groupe qu'une fois sur deux.
	[ $uid_reserve = 1 ] && limites=(bac_exec_limites "$((BAC_NPROC * (groupe + 1)))" "$BAC_CPU" "$BAC_MEMOIRE")
	refus=$(bac_cg_refus_fork 0) oom=$(bac_cg_oom 0)
	(
		[ $groupe = 1 ] && bac_cg_entrer 0 && export TP_IPC_GROUPE_ETUDIANT
		export TMPDIR=$W/tmp HOME=$W/tmp
		"${limites[@]}" setsid -w timeout -k 5 "$total" "$pre/tests/$l/correcteur" "$@" >"$W/$l/rapport"
	) &
	sid=$!
	wait $sid
	rc=$?
	sid=""
	refus=$(($(bac_cg_refus_fork 0) - refus)) oom=$(($(bac_cg_oom 0) - oom))
	# Le rapport cite les sorties des programmes notés : leurs caractères de contrôle sont
	# rendus visibles (\x1b...), pour qu'aucune séquence n'agisse sur le terminal ou l'éditeur.
	LC_ALL=C perl -pe 's/([\x00-\x08\x0b-\x1f\x7f])/sprintf("\\x%02x", ord $1)/ge' "$W/$l/rapport"
	[ $uid_reserve = 1 ] && awk -v ressources=1 -v budget="$budget" -v np="$BAC_NPROC" \
		-v cpu="$BAC_CPU" -v mem="$BAC_MEMOIRE" -v memr="$memoire_rendu" -v refus="$refus" \
		-v oom="$oom" -f outils/limites.awk "$W/$l/rapport" | sed 's/^/!! /'
	[ -n "${TP_IPC_ETAT:-}" ] && echo "$rc $((SECONDS - debut)) $total $( [ $rc -gt 128 ] && kill -l $((rc - 128)))" >"$TP_IPC_ETAT/$l.fin"
	if [ $rc = 124 ] || { [ $rc = 137 ] && [ $((SECONDS - debut)) -ge "$total" ]; }; then
		echo "Correction de $l arrêtée : durée totale du TP dépassée ($total s)."
	elif [ $rc -gt 128 ]; then
		echo "Le correcteur de $l a été tué par le signal $(kill -l $((rc - 128))) après $((SECONDS - debut)) s (ni délai ni limite : un programme noté l'a tué ?)."
	fi
	[ $rc = 0 ]
}

rc=0
premier=1
for l in "${labs[@]}"; do
	[ $premier = 1 ] || echo
	premier=0
	out="$W/$l"
	mkdir -p "$out"
	opts=(--ref "$(references "$l")" --source "${ETIQUETTE:-$src}/$l" --budget "$budget")
	[ -n "${TEST:-}" ] && opts+=(--item "$TEST")
	[ -n "${VALGRIND:-}" ] && [ "${VALGRIND}" != 0 ] && opts+=(--valgrind)
	if [ -n "${JSON:-}" ]; then
		json=$JSON
		[ ${#labs[@]} -gt 1 ] && json="${JSON%.json}-$l.json"
		opts+=(--json "$json")
	fi
	if [ ! -d "$src/$l" ]; then
		echo "dossier absent : $src/$l" >"$out/compilation.log"
		correcteur "$l" --etudiant "$out/bin" "${opts[@]}" --echec-compilation "$out/compilation.log" || rc=1
		continue
	fi
	if ! compiler "$l" "$src/$l" >"$out/compilation.log" 2>&1; then
		correcteur "$l" --etudiant "$out/bin" "${opts[@]}" --echec-compilation "$out/compilation.log" || rc=1
		continue
	fi
	correcteur "$l" --etudiant "$out/bin" "${opts[@]}" || rc=1
	[ $uid_reserve = 1 ] && bac_vider "$TP_IPC_UID"
done
exit $rc
