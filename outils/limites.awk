# limites.awk : les lignes « Limite atteinte » d'une correction, lues dans son rapport (texte du
# correcteur) et dans les variables : rc (code de noter.sh), fin (« code durée limite signal » du
# correcteur, TP_IPC_ETAT), budget, np, cpu, mem, memr (les limites posées), refus, max, oom
# (relevés du groupe de contrôle), lab. ressources=1 (make grade en root) : les seules limites de
# ressources, noter.sh disant lui-même comment son correcteur a fini.

# Le message du programme lui-même (cité, « | prog: fork: ... ») est la seule trace d'un fork ou
# d'une allocation refusés ; le reste des citations n'est jamais lu comme un constat du correcteur.
/^ *\| [a-z]+: (fork|malloc|calloc|realloc)[^|]*(Resource temporarily unavailable|Ressource temporairement)/ { p = 1 }
/^ *\| [a-z]+: [^|]*(Cannot allocate memory|Impossible d.allouer)/ { m = 1 }
/^ *\| / { next }
/Non vérifié : limite de temps du TP atteinte/ { b = 1 }
/fork.*(Resource temporarily unavailable|Ressource temporairement)/ { p = 1 }
# Le constat du banc (« fork en boucle : N processus en vie ») : N plus ceux qu'il a lancés.
match($0, /fork en boucle : [0-9]+ processus en vie/) {
	v = substr($0, RSTART + 17, RLENGTH - 17) + 2
	if (v > max) max = v
}
/tué par le signal XCPU/ { x = 1 }
/tué par le signal XFSZ/ { f = 1 }
/Cannot allocate memory|Impossible d.allouer/ { m = 1 }
index($0, "Note " lab " : ") == 1 { n = 1 }
END {
	split(fin, e, " ")
	if (!ressources) {
		if (fin == "" && (rc == 124 || rc == 137))
			print "Limite atteinte : durée totale de la notation du TP : correction arrêtée, items non notés."
		else if (e[1] == 124 || (e[1] == 137 && e[2] >= e[3]))
			printf "Limite atteinte : durée totale du TP (%d s) : correction arrêtée, items non notés.\n", e[3]
		else if (e[1] > 128)
			printf "Le correcteur a été tué par le signal %s après %d s (ni délai ni limite atteints) : items non notés.\n", e[4], e[2]
	}
	if (b) printf "Limite atteinte : temps du TP (%d s) : les items restants n%sont pas été vérifiés.\n", budget, "\047"
	if (p || refus > 0 || max >= np - 2) printf "Limite atteinte : nombre de processus (%d) : un programme crée des processus sans fin (fork en boucle ?).\n", np
	if (x) printf "Limite atteinte : temps processeur (%d s par processus) : un programme calcule sans fin (SIGXCPU).\n", cpu
	if (f) print "Limite atteinte : taille des sorties (4 Mio par programme) : un programme écrit sans fin (SIGXFSZ)."
	if (m) printf "Limite atteinte : mémoire (%d Mio par processus).\n", mem
	if (oom > 0) printf "Limite atteinte : mémoire du rendu (%d Mio pour tous ses programmes, mémoire partagée comprise) : le noyau a tué %d programme(s).\n", memr, oom
	if (!n && !ressources) printf "Le correcteur n%sa pas rendu de note (code %d) : TP compté 0.\n", "\047", rc
}
