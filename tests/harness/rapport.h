/* rapport.h : le rapport en français et le results.json de Gradescope. */
#ifndef RAPPORT_H
#define RAPPORT_H

#include "banc.h"

/* Limites atteintes pendant un item, pour le champ « limites » du JSON. */
enum limite {
	LIMITE_BUDGET = 1, /* temps du TP épuisé : l'item n'a pas tourné */
	LIMITE_DELAI = 2,  /* délai de Check dépassé : l'item a été tué */
	LIMITE_CPU = 4,    /* un programme tué par SIGXCPU (temps processeur) */
	LIMITE_TAILLE = 8  /* un programme tué par SIGXFSZ (taille de ses sorties) */
};

struct resultat {
	bool execute; /* l'item faisait partie de l'exécution */
	bool present; /* Check a rendu un résultat */
	bool reussi;
	bool non_verifie; /* rien n'a été vérifié (budget, compilation) : raté sans verdict */
	unsigned limites; /* enum limite */
	char *message;    /* retour de l'échec, alloué */
};

/* Dans l'item (fils de Check), avant de conclure par un échec : note les limites que ses
 * programmes ont atteintes ; limites_lire() les relit dans le correcteur (banc.c). */
void limites_noter(const char *dossier, const char *item, unsigned limites);
unsigned limites_lire(const char *dossier, const char *item);

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
