# squelette.awk : produit le squelette d'un fichier de solution.
#
#   // DEBUT SOLUTION          début d'un bloc retiré du squelette (marqueur compris)
#   // FIN SOLUTION            fin du bloc (marqueur compris)
#   // SQUELETTE: code         ligne décommentée dans le squelette : « code »,
#                              avec la même indentation (un commentaire dans la solution)
#
# Tout le reste est recopié tel quel. Un bloc non fermé est une erreur.
/^[ \t]*\/\/ DEBUT SOLUTION[ \t]*$/ {
	if (dans) { print FILENAME ":" FNR ": DEBUT SOLUTION imbriqué" > "/dev/stderr"; exit 1 }
	dans = 1; debut = FNR; next
}
/^[ \t]*\/\/ FIN SOLUTION[ \t]*$/ {
	if (!dans) { print FILENAME ":" FNR ": FIN SOLUTION sans DEBUT" > "/dev/stderr"; exit 1 }
	dans = 0; next
}
dans { next }
/^[ \t]*\/\/ SQUELETTE: / {
	match($0, /^[ \t]*/); indent = substr($0, 1, RLENGTH)
	sub(/^[ \t]*\/\/ SQUELETTE: /, ""); print indent $0; next
}
{ print }
END {
	if (dans) { print FILENAME ":" debut ": DEBUT SOLUTION jamais fermé" > "/dev/stderr"; exit 1 }
}
