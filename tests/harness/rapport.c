/* rapport.c : le rapport en français et le results.json de Gradescope. */
#define _GNU_SOURCE
#include "rapport.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Traduit les messages d'erreur de Check (délai, signal, sortie prématurée). */
static char *traduire_erreur_check(const char *msg)
{
	char *t = NULL;

	if (strstr(msg, "timeout"))
		asprintf(&t,
		         "L'item a dépassé le délai maximal du correcteur : un processus est "
		         "resté bloqué sans que le banc puisse conclure (%s).",
		         msg);
	else if (strstr(msg, "signal"))
		asprintf(&t,
		         "Le correcteur lui-même s'est arrêté (%s) : erreur du banc d'essai, à "
		         "signaler à l'enseignant.",
		         msg);
	else
		asprintf(&t, "Le correcteur s'est interrompu (%s).", msg);
	return t;
}

void resultat_noter(struct resultat *r, int rtype, const char *msg)
{
	r->present = true;
	r->reussi = rtype == CK_PASS;
	free(r->message);
	r->message = NULL;
	if (rtype == CK_FAILURE)
		r->message = strdup(msg ? msg : "");
	else if (rtype == CK_ERROR)
		r->message = traduire_erreur_check(msg ? msg : "?");
	if (!r->reussi && r->message == NULL)
		r->message = strdup("échec sans message");
}

void resultat_hors_budget(struct resultat *r, int budget)
{
	r->present = true;
	r->reussi = false;
	free(r->message);
	r->message = NULL;
	asprintf(
	    &r->message,
	    "Non vérifié : limite de temps du TP atteinte (%d s pour l'ensemble des items) ; les "
	    "items précédents gardent leurs points.",
	    budget);
}

/* Écrit une chaîne JSON : échappements, et octets non UTF-8 remplacés par « ? ». */
static void json_chaine(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	while (*p) {
		int n = *p < 0x80         ? 1
		        : (*p >> 5) == 6  ? 2
		        : (*p >> 4) == 14 ? 3
		        : (*p >> 3) == 30 ? 4
		                          : 0;
		bool valide = n > 0;

		for (int k = 1; k < n && valide; k++)
			valide = (p[k] & 0xc0) == 0x80;
		if (!valide) {
			fputc('?', f);
			p++;
		} else if (n > 1) {
			fwrite(p, 1, (size_t)n, f);
			p += n;
		} else {
			if (*p == '"' || *p == '\\')
				fprintf(f, "\\%c", *p);
			else if (*p == '\n')
				fputs("\\n", f);
			else if (*p == '\t')
				fputs("\\t", f);
			else if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
			p++;
		}
	}
	fputc('"', f);
}

/* Texte de retour d'un item pour le JSON et le rapport. */
static char *retour_item(const struct item *it, const struct resultat *r)
{
	char *t = NULL;

	if (!r->present)
		asprintf(&t, "Aucun résultat pour cet item : compté comme un échec.\n  Indice : %s",
		         it->indice);
	else if (r->reussi)
		t = strdup("Réussi.");
	else if (strstr(r->message, "Indice : ") != NULL ||
	         strncmp(r->message, "Non évaluable", 13) == 0)
		t = strdup(
		    r->message); /* l'indice de la cause observée, ou aucun (voir un autre item) */
	else
		asprintf(&t, "%s\n  Indice : %s", r->message, it->indice);
	return t;
}

static int ecrire_json(const char *chemin, const struct tp *tp, struct resultat *res, int score,
                       int max, const char *sortie)
{
	FILE *f = fopen(chemin, "w");

	if (f == NULL) {
		perror(chemin);
		return 1;
	}
	fprintf(f, "{\n  \"score\": %d,\n  \"max_score\": %d,\n  \"output\": ", score, max);
	json_chaine(f, sortie);
	fprintf(f, ",\n  \"tests\": [");
	for (size_t i = 0, n = 0; i < tp->nb_items; i++) {
		const struct item *it = &tp->items[i];
		char *nom = NULL, *retour;

		if (!res[i].execute || ITEM_ABSENT(it))
			continue;
		retour = retour_item(it, &res[i]);
		asprintf(&nom, "%s%s : %s", it->genre == BONUS ? "[bonus] " : "", it->nom,
		         it->titre);
		fprintf(f, "%s\n    {\"name\": ", n++ ? "," : "");
		json_chaine(f, nom);
		fprintf(f,
		        ", \"score\": %d, \"max_score\": %d, \"visibility\": \"visible\", "
		        "\"output\": ",
		        res[i].reussi ? it->points : 0, it->genre == BONUS ? 0 : it->points);
		json_chaine(f, retour);
		fputc('}', f);
		free(nom);
		free(retour);
	}
	fprintf(f, "\n  ]\n}\n");
	return fclose(f) == 0 ? 0 : 1;
}

/* Imprime le retour indenté sous la ligne de l'item. */
static void imprimer_retour(const char *texte)
{
	const char *p = texte;

	while (*p) {
		const char *fin = strchr(p, '\n');
		int n = fin ? (int)(fin - p) : (int)strlen(p);

		printf("        %.*s\n", n, p);
		p = fin ? fin + 1 : p + n;
	}
}

int rapport_imprimer(const struct tp *tp, const char *source, const char *isolation,
                     struct resultat *res, const char *items, const char *json)
{
	int score = 0, max = 0, bonus = 0, bonus_max = 0, plus_tard = 0;
	char *entete = NULL, *reste = NULL;

	asprintf(&entete, "Isolation : %s.", isolation);
	printf("== TP %s — programmes de %s ==\n%s\n\n", tp->nom, source ? source : "?", entete);
	for (size_t i = 0; i < tp->nb_items; i++) {
		const struct item *it = &tp->items[i];
		struct resultat *r = &res[i];
		int obtenu;

		if (!r->execute)
			continue;
		if (ITEM_ABSENT(it)) {
			plus_tard += it->points;
			printf("  [caché]  -/%-2d %s : %s\n", it->points, it->nom, it->titre);
			continue;
		}
		obtenu = r->present && r->reussi ? it->points : 0;
		if (it->genre == BONUS) {
			bonus += obtenu;
			bonus_max += it->points;
		} else {
			score += obtenu;
			max += it->points;
		}
		printf("  [%s] %2d/%-2d %s%s : %s\n",
		       obtenu == it->points && r->present && r->reussi ? " OK  " : "ÉCHEC", obtenu,
		       it->points, it->genre == BONUS ? "[bonus] " : "", it->nom, it->titre);
		if (!(r->present && r->reussi)) {
			char *retour = retour_item(it, r);

			imprimer_retour(retour);
			free(retour);
		}
	}
	printf("\n");
	if (bonus_max > 0)
		printf("Bonus %s (hors note) : %d/%d\n", tp->nom, bonus, bonus_max);
	/* Dans le kit, les items cachés ne comptent pas encore : le rapport dit combien il en reste. */
	if (plus_tard > 0)
		asprintf(
		    &reste,
		    " sur les items du kit ; %d point%s d'items cachés %s lors de la correction",
		    plus_tard, plus_tard > 1 ? "s" : "",
		    plus_tard > 1 ? "seront notés" : "sera noté");
	if (items != NULL)
		printf("Note partielle %s (items %s) : %d/%d%s\n", tp->nom, items, score + bonus,
		       max + bonus_max, reste ? reste : "");
	else
		printf("Note %s : %d/%d%s\n", tp->nom, score, max, reste ? reste : "");
	fflush(stdout);
	if (reste != NULL) {
		char *t = NULL;

		asprintf(&t, "%s\nNote%s.", entete, reste);
		free(entete);
		entete = t;
	}
	free(reste);
	if (json != NULL && ecrire_json(json, tp, res, score, max, entete) != 0) {
		free(entete);
		return 1;
	}
	free(entete);
	return 0;
}

int rapport_echec_compilation(const struct tp *tp, const char *source, const char *journal,
                              const char *json)
{
	FILE *f = fopen(journal, "r");
	char ligne[512], erreurs[8192] = "";
	size_t lg = 0;
	int n = 0, max = 0;
	struct resultat res[64];

	while (f != NULL && fgets(ligne, sizeof ligne, f) != NULL && n < 25 &&
	       lg < sizeof erreurs - sizeof ligne) {
		lg += (size_t)snprintf(erreurs + lg, sizeof erreurs - lg, "%s", ligne);
		n++;
	}
	if (f != NULL)
		fclose(f);
	printf("== TP %s — programmes de %s ==\n\n", tp->nom, source ? source : "?");
	printf("La compilation a échoué : aucun item ne peut être vérifié.\n"
	       "Premières erreurs du compilateur (les avertissements comptent comme des "
	       "erreurs, -Werror) :\n\n%s\n",
	       erreurs);
	for (size_t i = 0; i < tp->nb_items && i < 64; i++) {
		res[i] = (struct resultat){true, true, false, NULL};
		asprintf(&res[i].message, "Non vérifié : la compilation a échoué.");
		if (tp->items[i].genre != BONUS)
			max += tp->items[i].points;
	}
	printf("Note %s : 0/%d\n", tp->nom, max);
	fflush(stdout);
	if (json != NULL) {
		char *sortie = NULL;
		int rc;

		asprintf(&sortie, "La compilation a échoué :\n%s", erreurs);
		rc = ecrire_json(json, tp, res, 0, max, sortie);
		free(sortie);
		return rc;
	}
	return 0;
}
