# bac.sh : sourcé par outils/noter.sh et outils/classe.sh (root) : les uids sans privilège sous
# lesquels tournent les programmes notés, réservés par un verrou, et tout ce qu'on tue et efface
# derrière eux, et les groupes de contrôle qui bornent leurs processus et leur mémoire. Le
# correcteur, lui, reste root (l'identité de notation).

# Les limites par défaut d'un bac (make classe : options -p, -c, -m ; make grade en root : les
# mêmes, ou celles de l'environnement) : processus de l'uid noté, secondes de processeur et Mio
# d'espace d'adressage par processus, Mio par fichier écrit.
BAC_NPROC=${BAC_NPROC:-128}
BAC_CPU=${BAC_CPU:-30}
BAC_MEMOIRE=${BAC_MEMOIRE:-1024}
BAC_FICHIER=16

# bac_exec_limites NPROC CPU MEMOIRE COMMANDE... : remplace le shell (appeler dans un sous-shell)
# par COMMANDE sous ces limites, sans fichier core. RLIMIT_NPROC ne compte pas root : il borne
# l'uid noté, vérifié à chacun de ses fork et au exec qui suit son changement d'uid.
bac_exec_limites() {
	local n=$1 c=$2 m=$3
	shift 3
	exec prlimit --nproc="$n" --cpu="$c" --fsize=$((BAC_FICHIER << 20)) --as=$((m << 20)) \
		--core=0 -- "$@"
}

# Les verrous vivent dans un dossier de root seul : un rendu ne peut ni les forger, ni les
# garder, et rien n'est laissé où un uid noté peut écrire (/run/lock est ouvert à tous).
bac_dossier_verrous() {
	local d
	for d in /run/tp-ipc /var/lib/tp-ipc; do
		mkdir -p "$d" 2>/dev/null && chmod 700 "$d" && [ "$(stat -c %u "$d")" = 0 ] &&
			{ echo "$d"; return 0; }
	done
	return 1
}

# bac_reserver PREMIER N : N uids consécutifs à partir de PREMIER (ou plus loin) sans compte, sans
# processus et qu'aucune autre correction ne tient ; BAC_UID0 reçoit le premier, BAC_VERROUS les
# descripteurs des verrous flock, gardés jusqu'à la fin (deux corrections ne partagent jamais un uid).
BAC_VERROUS=()
bac_reserver() {
	local base u v libre rep
	rep=$(bac_dossier_verrous) || return 1
	for ((base = $1; base + $2 <= $1 + 4000; base += $2)); do
		libre=1
		for ((u = base; u < base + $2 && libre; u++)); do
			exec {v}>>"$rep/uid-$u.lock" || return 1
			BAC_VERROUS+=("$v")
			flock -n "$v" && ! getent passwd "$u" >/dev/null && ! pgrep -U "$u" >/dev/null || libre=0
			# Le verrou des versions précédentes (dans /run/lock), s'il existe : jamais créé ici.
			if [ $libre = 1 ] && [ -f "/run/lock/tp-ipc-classe-uid-$u.lock" ]; then
				exec {v}<"/run/lock/tp-ipc-classe-uid-$u.lock" && BAC_VERROUS+=("$v") &&
					flock -n "$v" || libre=0
			fi
		done
		[ $libre = 1 ] && BAC_UID0=$base && return 0
		for v in "${BAC_VERROUS[@]}"; do exec {v}>&-; done
		BAC_VERROUS=()
	done
	return 1
}

# bac_repli : vrai si les correcteurs seront ici en mode de repli (espaces de noms IPC et PID
# refusés : chroot, Docker, root sans CAP_SYS_ADMIN ; ou TP_IPC_REPLI). Tout y partage l'espace IPC
# de la machine : chaque correcteur en prend le verrou (tests/harness/isolation.c), une
# correction à la fois.
bac_repli() {
	[ -n "${TP_IPC_REPLI:-}" ] && return 0
	if [ "$(id -u)" = 0 ]; then
		! unshare --ipc --pid --fork true 2>/dev/null
	else
		! unshare --user --map-root-user --ipc --pid --fork true 2>/dev/null
	fi
}

# bac_fermer_verrous : dans un sous-processus qui lance autre chose (il n'a pas à les garder).
bac_fermer_verrous() {
	local v
	for v in "${BAC_VERROUS[@]+"${BAC_VERROUS[@]}"}"; do exec {v}>&-; done
}

# bac_tuer UID : tue tous les processus de l'uid (un uid de bac, jamais le vôtre), en répétant
# tant que kill(-1) en trouve (un fork en boucle en recrée pendant qu'on tue).
bac_tuer() {
	local k
	for k in 1 2 3 4 5 6 7 8 9; do
		setpriv --reuid="$1" --regid="$1" --clear-groups kill -KILL -1 2>/dev/null || return 0
		sleep "0.$k"
	done
}

# bac_vider UID : tue ce que l'uid a laissé, supprime ses objets IPC et ses fichiers dans les
# dossiers ouverts à tous.
# bac_objets PREMIER [DERNIER] : « -q|-m|-s ID » (l'option d'ipcrm, l'identifiant) de chaque
# objet IPC créé par un uid de PREMIER à DERNIER, ou qui lui appartient.
bac_objets() {
	awk -v a="$1" -v b="${2:-$1}" 'FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		($c["uid"] >= a && $c["uid"] <= b) || ($c["cuid"] >= a && $c["cuid"] <= b) {
			print (FILENAME ~ /msg/ ? "-q" : FILENAME ~ /shm/ ? "-m" : "-s"), $2 }' \
		/proc/sysvipc/msg /proc/sysvipc/shm /proc/sysvipc/sem
}
bac_vider() {
	bac_tuer "$1"
	bac_objets "$1" | while read -r f id; do ipcrm "$f" "$id" 2>/dev/null; done
	# L'uid ne peut rien créer dans un dossier qui n'est ni à lui ni ouvert à tous : on n'y
	# descend pas (/tmp peut contenir de grandes arborescences d'autres programmes).
	find /tmp /var/tmp /dev/shm /run/lock /var/lock /dev/mqueue -xdev \
		\( -user "$1" -prune -exec rm -rf -- {} + \) -o \( -type d ! -perm -0002 -prune \) \
		2>/dev/null
}

# Les espaces de noms et la session de bubblewrap, pour bac_bwrap et son essai. Sans espace de
# noms PID : bwrap y laisserait un pid 1 qui peut lui survivre un instant (et rester zombie là où
# le pid 1 de la machine ne récolte pas) ; la compilation n'a pas de /proc.
BAC_BWRAP_ISOLEMENT=(--unshare-user-try --unshare-ipc --unshare-net --unshare-uts
	--unshare-cgroup-try --new-session --die-with-parent)
# bac_bwrap_ok : bubblewrap est là et marche ici (espaces de noms utilisateur permis) pour l'uid
# TP_IPC_UID (ou le vôtre), avec l'isolement de bac_bwrap (pas --unshare-all : son espace de
# noms PID laissait un bwrap zombie après l'essai).
bac_bwrap_ok() {
	command -v bwrap >/dev/null || return 1
	bac_en_uid bwrap --ro-bind / / "${BAC_BWRAP_ISOLEMENT[@]}" true >/dev/null 2>&1
}

# bac_en_uid COMMANDE... : sous TP_IPC_UID en root, telle quelle sinon.
bac_en_uid() {
	if [ "$(id -u)" = 0 ] && [ -n "${TP_IPC_UID:-}" ]; then
		setpriv --reuid="$TP_IPC_UID" --regid="$TP_IPC_UID" --clear-groups --nnp "$@"
	else
		"$@"
	fi
}

# bac_bwrap CHANTIER SORTIE COMMANDE... : COMMANDE dans bubblewrap : une vue en lecture seule du
# système (/usr, /etc, /bin, /lib...), CHANTIER en lecture seule, SORTIE en écriture, /tmp privé,
# aucun périphérique sauf /dev/null ni /proc, ni réseau ni IPC, nouvelle session.
bac_bwrap() {
	local c=$1 s=$2 d a=()
	shift 2
	for d in /usr /etc /bin /sbin /lib /lib32 /lib64 /libx32; do
		if [ -L "$d" ]; then a+=(--symlink "$(readlink "$d")" "$d")
		elif [ -d "$d" ]; then a+=(--ro-bind "$d" "$d"); fi
	done
	bac_en_uid bwrap "${a[@]}" --tmpfs /tmp --dir /dev --dev-bind /dev/null /dev/null \
		--ro-bind "$c" "$c" --bind "$s" "$s" --chdir "$c" "${BAC_BWRAP_ISOLEMENT[@]}" \
		--clearenv --setenv PATH /usr/bin:/bin --setenv LANG C.UTF-8 "$@"
}

# Groupes de contrôle (root ; make classe, et make grade avec un seul créneau). Chaque créneau sN
# a deux feuilles : sN/correcteur (noter.sh, le correcteur, la compilation) et sN/etudiant (les
# programmes notés, que le banc y place : TP_IPC_GROUPE_ETUDIANT), seule bornée,
# par pids.max et, si le contrôleur memory est là, par la mémoire du rendu (mémoire partagée et
# tmpfs comptés, sans échange) : une bombe ne prive jamais son correcteur de fork ni de mémoire.
bac_cg_dirs=() # un dossier parent par hiérarchie (v1 : cpu, pids et memory ; v2 : un seul)
bac_cg_memoire=0
# bac_cg_preparer NOM CRENEAUX PROCESSUS MIO POIDS : /sys/fs/cgroup/NOM et ses créneaux s0 à
# s(CRENEAUX-1) ; les programmes notés d'un créneau : PROCESSUS au plus et MIO Mio ensemble ; NOM
# pèse POIDS tâches face aux autres processus. Faux si les contrôleurs cpu et pids manquent.
bac_cg_preparer() {
	local base=$1 creneaux=$2 nproc_max=$3 poids=$5 s h f ctrl="+cpu +pids"
	local octets=$(($4 << 20))
	if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
		grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null &&
			grep -qw pids /sys/fs/cgroup/cgroup.subtree_control &&
			mkdir "/sys/fs/cgroup/$base" 2>/dev/null || return 1
		grep -qw memory /sys/fs/cgroup/cgroup.subtree_control && ctrl="$ctrl +memory"
		bac_cg_dirs=("/sys/fs/cgroup/$base")
		echo "$ctrl" >"/sys/fs/cgroup/$base/cgroup.subtree_control" &&
			echo $((100 * poids)) >"/sys/fs/cgroup/$base/cpu.weight" || return 1
	elif [ -d /sys/fs/cgroup/cpu ] && [ -d /sys/fs/cgroup/pids ]; then
		for h in cpu pids memory; do
			[ $h = memory ] && { [ -d /sys/fs/cgroup/memory ] || continue; }
			if ! mkdir "/sys/fs/cgroup/$h/$base" 2>/dev/null; then
				[ $h = memory ] && continue
				return 1
			fi
			bac_cg_dirs+=("/sys/fs/cgroup/$h/$base")
		done
		echo $((1024 * poids)) >"/sys/fs/cgroup/cpu/$base/cpu.shares" || return 1
	else
		return 1
	fi
	for h in "${bac_cg_dirs[@]}"; do
		for ((s = 0; s < creneaux; s++)); do
			mkdir "$h/s$s" || return 1
			# v2 : un groupe qui répartit ses ressources entre ses fils n'a pas de processus ;
			# ses deux feuilles ont le même poids : une boucle notée laisse au correcteur sa part.
			f=$h/s$s/cgroup.subtree_control
			[ -f "$f" ] && { echo "$ctrl" >"$f" || return 1; }
			mkdir "$h/s$s/correcteur" "$h/s$s/etudiant" || return 1
			f=$h/s$s/etudiant/pids.max
			[ -f "$f" ] && { echo "$nproc_max" >"$f" || return 1; }
			bac_cg_limiter_memoire "$h/s$s/etudiant" "$octets" || return 1
		done
	done
}
# bac_cg_limiter_memoire GROUPE OCTETS : la mémoire du rendu (v2 : memory.max, sans échange ;
# v1 : memory.limit_in_bytes, et memsw s'il compte l'échange) ; rien sans contrôleur memory.
bac_cg_limiter_memoire() {
	local o=$2
	if [ -f "$1/memory.max" ]; then
		echo "$o" >"$1/memory.max" || return 1
		[ -f "$1/memory.swap.max" ] && echo 0 >"$1/memory.swap.max"
	elif [ -f "$1/memory.limit_in_bytes" ]; then
		echo "$o" >"$1/memory.limit_in_bytes" || return 1
		[ -f "$1/memory.memsw.limit_in_bytes" ] && echo "$o" >"$1/memory.memsw.limit_in_bytes"
	else
		return 0
	fi
	bac_cg_memoire=1
}
# bac_cg_detruire : supprime les groupes, en attendant un peu (1 s au plus) la fin des processus
# qui viennent d'être tués (make grade interrompu).
bac_cg_detruire() {
	local h i
	for h in "${bac_cg_dirs[@]+"${bac_cg_dirs[@]}"}"; do
		for ((i = 0; i < 10; i++)); do
			rmdir "$h"/s*/* "$h"/s* "$h" 2>/dev/null
			[ -d "$h" ] || break
			sleep 0.1
		done
	done
	bac_cg_dirs=()
}
# bac_cg_entrer SLOT : place le processus courant (et donc tout ce qu'il lancera) dans la feuille
# du correcteur de son créneau ; TP_IPC_GROUPE_ETUDIANT : les feuilles de ses programmes notés.
bac_cg_entrer() {
	local h
	TP_IPC_GROUPE_ETUDIANT=
	for h in "${bac_cg_dirs[@]+"${bac_cg_dirs[@]}"}"; do
		echo "$BASHPID" >"$h/s$1/correcteur/cgroup.procs"
		TP_IPC_GROUPE_ETUDIANT=${TP_IPC_GROUPE_ETUDIANT:+$TP_IPC_GROUPE_ETUDIANT:}$h/s$1/etudiant
	done
}
# bac_cg_compteur SLOT CLÉ FICHIER... : la valeur de la ligne « CLÉ N » du premier FICHIER qui
# existe dans la feuille des programmes notés du créneau (0 sans groupe de contrôle) :
#   bac_cg_compteur S max pids.events                           fork refusés (pids.max atteint)
#   bac_cg_compteur S oom_kill memory.events memory.oom_control programmes tués faute de mémoire
bac_cg_compteur() {
	local slot=$1 cle=$2 h f
	shift 2
	for h in "${bac_cg_dirs[@]+"${bac_cg_dirs[@]}"}"; do
		for f; do
			[ -f "$h/s$slot/etudiant/$f" ] &&
				awk -v c="$cle" '$1 == c { print $2; n = 1 } END { if (!n) print 0 }' \
					"$h/s$slot/etudiant/$f" && return
		done
	done
	echo 0
}
bac_cg_refus_fork() { bac_cg_compteur "$1" max pids.events; }
bac_cg_oom() { bac_cg_compteur "$1" oom_kill memory.events memory.oom_control; }
