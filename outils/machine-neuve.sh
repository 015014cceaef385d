#!/bin/bash
# machine-neuve.sh [-d DOSSIER] [-m MIROIR] [-s SUITE] [-n] [-g] [CAS...] : les commandes du
# README (make grade, make check) et .ci/run sur une racine Debian nue, comme un nouveau venu.
# Construit la racine avec debootstrap (--variant=minbase, puis gcc make git comme le demande
# README), y clone ce dépôt (sa branche courante, telle que commitée) et joue chaque CAS :
#   root-espaces  root, racine entrée par pivot_root : espaces de noms IPC et PID permis
#   root-sans     root sans CAP_SYS_ADMIN dans un chroot : ni unshare(CLONE_NEWIPC) ni
#                 unshare(CLONE_NEWUSER) (le conteneur Docker de Gradescope)
#   util-espaces  utilisateur ordinaire (testeur), pivot_root : espace de noms utilisateur permis
#   util-sans     utilisateur ordinaire dans un chroot : unshare(CLONE_NEWUSER) refusé (EPERM)
# Une ligne « ok » ou « ÉCHEC » par étape, un résumé à la fin ; code 0 si tout passe.
# Root seulement, plusieurs minutes, le miroir Debian : hors de « make check ».
#   -d DOSSIER  racines et journaux (défaut : /var/tmp/tp-ipc-machine-neuve) ; les racines de
#               base y restent d'une exécution à l'autre (-n les reconstruit)
#   -m MIROIR   miroir Debian (défaut : celui de la configuration apt de cette machine)
#   -s SUITE    version de Debian (défaut : celle de cette machine)
#   -g          garder les racines de chaque cas (sinon effacées à la fin)
set -u
ici=$(cd "$(dirname "$0")/.." && pwd)
dossier=/var/tmp/tp-ipc-machine-neuve
miroir="" suite="" neuf=0 garder=0
while getopts d:m:s:ngh o; do
	case $o in
	d) dossier=$OPTARG ;;
	m) miroir=$OPTARG ;;
	s) suite=$OPTARG ;;
	n) neuf=1 ;;
	g) garder=1 ;;
	*) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
cas_tous="root-espaces root-sans util-espaces util-sans"
cas=${*:-$cas_tous}
for c in $cas; do
	case " $cas_tous " in *" $c "*) ;; *) echo "machine-neuve : cas inconnu « $c » ($cas_tous)" >&2; exit 2 ;; esac
done
erreur() { echo "machine-neuve : $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || erreur "il faut être root (debootstrap, chroot, pivot_root)"
for outil in debootstrap unshare pivot_root chroot setpriv git; do
	command -v "$outil" >/dev/null || erreur "$outil est introuvable (paquets debootstrap, util-linux, git)"
done

# La version et le miroir de cette machine, lus dans sa configuration apt.
if [ -z "$suite" ]; then
	suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$suite" ] || erreur "version inconnue : donnez -s SUITE"
fi
if [ -z "$miroir" ]; then
	miroir=$(apt-get indextargets --format '$(TARGET_OF) $(RELEASE) $(REPO_URI)' 2>/dev/null |
		awk -v s="$suite" '$1 == "deb" && $2 == s { print $3; exit }')
	[ -n "$miroir" ] || erreur "aucun miroir de $suite dans la configuration apt : donnez -m MIROIR"
fi

mkdir -p "$dossier/archives/partial" || exit 1
J=$dossier/journaux
rm -rf "$J" && mkdir -p "$J"
# Le même commit pour tous les cas, même si la branche avance pendant l'exécution.
commit=$(git -C "$ici" rev-parse HEAD) || exit 1
echo "Racine Debian $suite (minbase), miroir $miroir ; dépôt ${commit:0:7}" \
	"($(git -C "$ici" rev-parse --abbrev-ref HEAD)) ; journaux dans $J"
# cloner DOSSIER : le dépôt au commit du début.
cloner() { git clone -q "$ici" "$1" && git -C "$1" reset -q --hard "$commit"; }

# ---- Les racines de base : « nue » (minbase) et « readme » (nue + gcc make git) ----
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
# dans RACINE COMMANDE... : COMMANDE en root dans un simple chroot (construction des bases).
dans() {
	local r=$1
	shift
	cp /etc/resolv.conf "$r/etc/resolv.conf"
	unshare --mount --propagation private -- sh -c 'r=$1; shift
		mount -t proc proc "$r/proc" && mount --bind "$0" "$r/var/cache/apt/archives" &&
		exec chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
			DEBIAN_FRONTEND=noninteractive "$@"' "$dossier/archives" "$r" "$@"
}
if [ $neuf = 1 ] || [ ! -f "$dossier/racines/readme/.pret" ]; then
	rm -rf "$dossier/racines"
	mkdir -p "$dossier/racines"
	echo "-- debootstrap --variant=minbase $suite (quelques minutes)"
	debootstrap --variant=minbase --cache-dir="$dossier/archives" "$suite" \
		"$dossier/racines/nue" "$miroir" >"$J/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$J/debootstrap.log"; erreur "debootstrap a échoué"; }
	dans "$dossier/racines/nue" apt-get clean
	cp -a "$dossier/racines/nue" "$dossier/racines/readme"
	# Ce que README demande d'installer soi-même, comme le ferait un nouveau venu.
	dans "$dossier/racines/readme" sh -c 'apt-get update -qq && apt-get install -y -qq gcc make git' \
		>"$J/readme.log" 2>&1 || { tail -n 20 "$J/readme.log"; erreur "apt-get install gcc make git"; }
	dans "$dossier/racines/readme" apt-get clean
	touch "$dossier/racines/readme/.pret"
fi

# ---- Entrer dans une racine comme sur une machine ----
# entrer RACINE MODE QUI COMMANDE : COMMANDE (bash -c) dans RACINE, dans de nouveaux espaces de
# noms de montage, PID, IPC et UTS (les objets IPC de la machine ne s'y voient pas, et les
# vérifications « rien ne reste » de make check ne voient que les leurs). MODE espaces :
# pivot_root, la racine est celle de son espace de noms de montage comme sur une machine (le
# noyau permet alors unshare(CLONE_NEWUSER)). MODE sans : chroot, que le noyau reconnaît
# (current_chrooted) et où il refuse unshare(CLONE_NEWUSER) avec EPERM ; root y perd en plus
# CAP_SYS_ADMIN (unshare(CLONE_NEWIPC) refusé aussi), comme dans un conteneur Docker par
# défaut. QUI : root ou testeur. /run/lock est celui de la machine : les verrous des uids de bac
# (outils/classe.sh) y sont, sans quoi une correction de la machine et une de la racine
# prendraient les mêmes uids et chacune tuerait les processus de l'autre (kill(-1) par uid).
entrer() {
	local r=$1 mode=$2 qui=$3 commande=$4
	cp /etc/resolv.conf "$r/etc/resolv.conf"
	# shellcheck disable=SC2016 # développé dans le shell de unshare
	unshare --mount --pid --ipc --uts --fork --propagation private -- /bin/sh -c '
		r=$1 mode=$2 qui=$3 archives=$4 commande=$5
		set -e
		mount --bind "$r" "$r"
		mount -t proc proc "$r/proc"
		if [ "$mode" = espaces ]; then mount --rbind /sys "$r/sys"
		else mount -t sysfs -o ro sysfs "$r/sys"; fi
		mount -t tmpfs -o mode=755,size=1m tmpfs "$r/dev"
		for n in null zero full random urandom tty; do
			touch "$r/dev/$n"; mount --bind "/dev/$n" "$r/dev/$n"
		done
		mkdir "$r/dev/pts" "$r/dev/shm"
		mount -t devpts -o newinstance,ptmxmode=0666 devpts "$r/dev/pts"
		ln -s pts/ptmx "$r/dev/ptmx"
		mount -t tmpfs -o mode=1777 tmpfs "$r/dev/shm"
		ln -s /proc/self/fd "$r/dev/fd"
		ln -s /proc/self/fd/0 "$r/dev/stdin"
		ln -s /proc/self/fd/1 "$r/dev/stdout"
		ln -s /proc/self/fd/2 "$r/dev/stderr"
		mount -t tmpfs -o mode=755 tmpfs "$r/run"
		mkdir "$r/run/lock"
		mount --bind /run/lock "$r/run/lock"
		mount --bind "$archives" "$r/var/cache/apt/archives"
		hostname machine-neuve
		env="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb"
		if [ "$qui" = root ]; then
			qui="env -i HOME=/root USER=root $env"
			[ "$mode" = sans ] && qui="setpriv --bounding-set -sys_admin --inh-caps -sys_admin $qui"
		else
			qui="setpriv --reuid=$qui --regid=$qui --init-groups env -i HOME=/home/$qui USER=$qui $env"
		fi
		if [ "$mode" = espaces ]; then
			cd "$r"
			mkdir -p .ancienne
			pivot_root . .ancienne
			cd /
			umount -l /.ancienne
			rmdir /.ancienne
			set +e
			$qui /bin/bash -c "$commande" </dev/null
		else
			set +e
			# shellcheck disable=SC2086
			chroot "$r" $qui /bin/bash -c "$commande" </dev/null
		fi' sh "$r" "$mode" "$qui" "$dossier/archives" "$commande"
}

# ---- Les cas ----
echecs=()
reussis=0
# etape CAS DESCRIPTION JOURNAL CODE : « ok » si CODE vaut 0, sinon « ÉCHEC » et la fin du journal.
etape() {
	local c=$1 d=$2 j=$3 rc=$4
	if [ "$rc" -eq 0 ]; then
		reussis=$((reussis + 1))
		echo "  ok    $d"
	else
		echecs+=("$c : $d")
		echo "  ÉCHEC $d (code $rc ; journal $j)"
		tail -n 6 "$j" | sed 's/^/          /'
	fi
}
# derniere_ligne JOURNAL : la ligne « N passed, N failed[, N skipped] » de make check.
derniere_ligne() { grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1; }
# details JOURNAL : les vérifications ratées ou sautées de make check.
details() { grep "^  ÉCHEC\|^  SAUTÉ" "$1" | cut -c1-160 | sed 's/^/        /'; }
# chronometre JOURNAL ENTRER... : lance, mesure la durée (variable duree), rend le code.
chronometre() {
	local j=$1 debut=$SECONDS rc
	shift
	"$@" >"$j" 2>&1
	rc=$?
	duree=$((SECONDS - debut))
	return $rc
}

# lancer NOM COMMANDE : COMMANDE dans la racine du cas (journal $J/CAS-NOM.log, code dans rc,
# durée dans duree). L'utilisateur ne peut rien installer : si COMMANDE s'arrête sur « demandez
# à un administrateur », le message est vérifié (un seul, la ligne sudo apt-get install, aucune
# installation annoncée), root lance cette ligne comme l'administrateur, et COMMANDE est relancée.
lancer() {
	local nom=$1 cmd=$2 j=$J/$c-$1-sans-paquets.log ligne v
	chronometre "$J/$c-$nom.log" entrer "$r" "$mode" "$qui" "$cmd"
	rc=$?
	[ $qui = testeur ] && grep -q "demandez à un administrateur" "$J/$c-$nom.log" || return 0
	mv "$J/$c-$nom.log" "$j"
	ligne=$(sed -n 's/^  \(sudo apt-get install [a-z0-9 .+-]*\)$/\1/p' "$j")
	[ $rc -ne 0 ] && [ -n "$ligne" ] && ! grep -q "installation avec" "$j" &&
		[ "$(grep -c '^tp-ipc' "$j")" -eq 1 ]
	v=$?
	etape "$c" "$nom sans root ni sudo : refusé, un seul message, « ${ligne:-?} »" "$j" $v
	[ -n "$ligne" ] || return 0
	dans "$r" sh -c "apt-get update -qq && ${ligne#sudo } -y -qq" >"$J/$c-$nom-admin.log" 2>&1
	etape "$c" "l'administrateur lance : ${ligne#sudo }" "$J/$c-$nom-admin.log" $?
	chronometre "$J/$c-$nom.log" entrer "$r" "$mode" "$qui" "$cmd"
	rc=$?
}

jouer() {
	local c=$1 mode=${1#*-} qui=root d=$dossier/cas/$1 r rc v ligne maison=/root
	[ "${c%%-*}" = util ] && qui=testeur maison=/home/testeur
	echo "== $c ($([ $qui = root ] && echo root || echo "utilisateur $qui"), $([ $mode = espaces ] &&
		echo "espaces de noms permis" || echo "sans espaces de noms")) =="
	rm -rf "$d" && mkdir -p "$d" || return
	r=$d/readme
	cp -a "$dossier/racines/readme" "$r"
	[ $qui = testeur ] && dans "$r" useradd -m -s /bin/bash testeur
	cloner "$r$maison/tp-ipc" || { etape "$c" "git clone" /dev/null 1; return; }
	[ $qui = testeur ] && dans "$r" chown -R testeur:testeur /home/testeur/tp-ipc

	# L'isolation que le banc trouvera : le mode doit être celui annoncé.
	chronometre "$J/$c-sonde.log" entrer "$r" "$mode" "$qui" '
		if [ "$(id -u)" = 0 ]; then unshare --ipc --pid --fork true && echo "ipc:oui" || echo "ipc:non"
		else unshare --user --map-root-user --ipc true && echo "ipc:oui" || echo "ipc:non"; fi'
	ligne=$(grep -o 'ipc:[a-z]*' "$J/$c-sonde.log")
	[ "$ligne" = "ipc:$([ $mode = espaces ] && echo oui || echo non)" ]
	v=$?
	etape "$c" "isolation : espaces de noms $([ $mode = espaces ] && echo "permis" ||
		echo "refusés") (sonde : $ligne)" "$J/$c-sonde.log" $v

	lancer grade "cd ~/tp-ipc && make grade"
	[ $rc -eq 0 ] && [ "$(grep -c '^Note [0-9a-z-]* : [0-9]*/20$' "$J/$c-grade.log")" -ge 4 ] &&
		grep -q "^Isolation : $([ $mode = espaces ] && echo espaces || echo repli)" "$J/$c-grade.log"
	v=$?
	etape "$c" "make grade ($duree s) : $(grep -c '^Note ' "$J/$c-grade.log") TP notés,$(sed -n 's/^Note [0-9]*-\([a-z]*\) : \(.*\)$/ \1 \2/p' "$J/$c-grade.log" | tr -d '\n') ; $(grep -m 1 '^Isolation' "$J/$c-grade.log" | cut -c1-60)" \
		"$J/$c-grade.log" $v

	lancer check "cd ~/tp-ipc && make check"
	[ $rc -eq 0 ] && [ "$(tail -n 1 "$J/$c-check.log")" = "$(derniere_ligne "$J/$c-check.log")" ]
	v=$?
	etape "$c" "make check ($duree s) : $(derniere_ligne "$J/$c-check.log")" "$J/$c-check.log" $v
	details "$J/$c-check.log"

	# .ci/run : en root sur une racine sans gcc ni make (ce que CI installe lui-même) ; pour
	# l'utilisateur, après l'administrateur (il ne peut rien installer).
	if [ $qui = root ]; then
		r=$d/nue
		cp -a "$dossier/racines/nue" "$r"
		cloner "$r/root/tp-ipc"
	fi
	lancer ci "cd ~/tp-ipc && CI=true bash .ci/run"
	[ $rc -eq 0 ] && [ "$(tail -n 1 "$J/$c-ci.log")" = "$(derniere_ligne "$J/$c-ci.log")" ]
	v=$?
	etape "$c" ".ci/run$([ $qui = root ] && echo " sur la racine minbase seule") ($duree s) : $(derniere_ligne "$J/$c-ci.log")" \
		"$J/$c-ci.log" $v
	details "$J/$c-ci.log"
	[ $garder = 1 ] || rm -rf "$d"
}

for c in $cas; do jouer "$c"; done
echo
echo "Résumé ($suite, minbase) : $reussis étapes réussies, ${#echecs[@]} en échec"
for e in "${echecs[@]+"${echecs[@]}"}"; do echo "  ÉCHEC $e"; done
[ ${#echecs[@]} -eq 0 ]
