/* rapport.h : le rapport en français et le results.json de Gradescope. */
#ifndef RAPPORT_H
#define RAPPORT_H

#include "banc.h"

struct resultat {
	bool execute; /* l'item faisait partie de l'exécution */
	bool present; /* Check a rendu un résultat */
	bool reussi;
	char *message; /* retour de l'échec, alloué */
};

/* Enregistre un résultat de Check (rtype : CK_PASS, CK_FAILURE, CK_ERROR). */
void resultat_noter(struct resultat *r, int rtype, const char *msg);

/* L'item n'a pas tourné : le budget de temps du TP était épuisé. */
void resultat_hors_budget(struct resultat *r, int budget);

/* Imprime le rapport, écrit le JSON si demandé ; renvoie le code de sortie du correcteur. */
int rapport_imprimer(const struct tp *tp, const char *source, const char *isolation,
                     struct resultat *res, const char *items, const char *json);

/* La soumission ne compile pas : 0/20 avec les premières erreurs du compilateur. */
int rapport_echec_compilation(const struct tp *tp, const char *source, const char *journal,
                              const char *json);

#endif
