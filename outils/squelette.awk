# squelette.awk : produit le squelette d'un fichier de solution.
#
#   // DEBUT SOLUTION (étape N)   début d'un bloc de l'étape N (marqueur compris)
#   // FIN SOLUTION               fin du bloc (marqueur compris)
#   // SQUELETTE: code            ligne décommentée dans le squelette : « code », avec la même
#                                 indentation ; elle appartient au bloc qu'elle touche (juste
#                                 avant son DEBUT ou juste après son FIN)
#
# Avec -v remplir=K (0 par défaut), les blocs des étapes 1 à K restent (sans leurs marqueurs ni
# leurs lignes SQUELETTE) : c'est le squelette d'un étudiant qui a écrit ces étapes. Tout le reste
# est recopié tel quel. Un bloc sans numéro, imbriqué ou non fermé, ou une ligne SQUELETTE loin de
# tout bloc, est une erreur.
function erreur(message) {
	print FILENAME ":" FNR ": " message > "/dev/stderr"; echec = 1; exit 1
}
# Les lignes SQUELETTE en attente, de l'étape e : écrites si l'étape n'est pas remplie.
function vider(e,    i) {
	if (e > remplir)
		for (i = 1; i <= nattente; i++) print attente[i]
	nattente = 0
}
BEGIN { remplir += 0 }
/^[ \t]*\/\/ SQUELETTE:( |$)/ {
	if (dans) erreur("ligne SQUELETTE dans un bloc DEBUT/FIN SOLUTION")
	match($0, /^[ \t]*/); indent = substr($0, 1, RLENGTH)
	sub(/^[ \t]*\/\/ SQUELETTE: ?/, ""); attente[++nattente] = $0 == "" ? "" : indent $0
	next
}
/^[ \t]*\/\/ DEBUT SOLUTION/ {
	if (dans) erreur("DEBUT SOLUTION imbriqué")
	if (!match($0, /^[ \t]*\/\/ DEBUT SOLUTION \(étape [0-9]+\)[ \t]*$/))
		erreur("DEBUT SOLUTION sans numéro d'étape : « // DEBUT SOLUTION (étape N) »")
	etape = $0; gsub(/[^0-9]/, "", etape); etape += 0
	vider(etape)
	dans = 1; debut = FNR; next
}
/^[ \t]*\/\/ FIN SOLUTION[ \t]*$/ {
	if (!dans) erreur("FIN SOLUTION sans DEBUT")
	dans = 0; apres = FNR; next
}
{
	if (nattente) {
		if (apres != FNR - nattente - 1) erreur("ligne SQUELETTE loin de tout bloc")
		vider(etape)
	}
	if (!dans || etape <= remplir) print
}
END {
	if (echec) exit 1
	if (dans) { FNR = debut; erreur("DEBUT SOLUTION jamais fermé") }
	if (nattente) {
		if (apres != FNR - nattente) erreur("ligne SQUELETTE loin de tout bloc")
		vider(etape)
	}
}
