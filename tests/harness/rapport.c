/* rapport.c : le rapport en français et le results.json de Gradescope. */
#define _GNU_SOURCE
#include "rapport.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	if (rtype == CK_ERROR && msg && strstr(msg, "timeout"))
		r->limites |= LIMITE_DELAI;
	if (!r->reussi && r->message == NULL)
		r->message = strdup("échec sans message");
}

void resultat_hors_budget(struct resultat *r, int budget)
{
	r->present = true;
	r->reussi = false;
	r->non_verifie = true;
	r->limites |= LIMITE_BUDGET;
	free(r->message);
	r->message = NULL;
	asprintf(
	    &r->message,
	    "Non vérifié : limite de temps du TP atteinte (%d s pour l'ensemble des items) ; les "
	    "items précédents gardent leurs points.",
	    budget);
}

/* Le canal entre l'item et le correcteur : un fichier « limites-ITEM » du dossier du rapport. */
static void chemin_limites(char *chemin, size_t taille, const char *dossier, const char *item)
{
	snprintf(chemin, taille, "%s/limites-%s", dossier, item);
}

void limites_noter(const char *dossier, const char *item, unsigned limites)
{
	char chemin[600];
	FILE *f;

	if (dossier == NULL || item == NULL || limites == 0)
		return;
	chemin_limites(chemin, sizeof chemin, dossier, item);
	f = fopen(chemin, "w");
	if (f != NULL) {
		fprintf(f, "%u\n", limites);
		fclose(f);
	}
}

unsigned limites_lire(const char *dossier, const char *item)
{
	char chemin[600];
	unsigned l = 0;
	FILE *f;

	if (dossier == NULL)
		return 0;
	chemin_limites(chemin, sizeof chemin, dossier, item);
	f = fopen(chemin, "r");
	if (f == NULL)
		return 0;
	if (fscanf(f, "%u", &l) != 1)
		l = 0;
	fclose(f);
	unlink(chemin);
	return l;
}

/* Écrit une chaîne JSON : échappements, octets non UTF-8 remplacés par « ? », caractères de
 * contrôle rendus visibles (« \x1b », comme noter.sh le fait du rapport texte) : ni Gradescope,
 * ni Moodle, ni VPL ne reçoivent une séquence d'échappement écrite par un programme noté. */
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
			else if (*p < 0x20 || *p == 0x7f) /* visible, comme dans le rapport texte */
				fprintf(f, "\\\\x%02x", *p);
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

/* Les totaux d'un rapport. */
struct bilan {
	int score, max;       /* items notés (hors bonus) */
	int bonus, bonus_max; /* items bonus, hors note */
	int plus_tard;        /* points des items cachés absents du kit */
	bool partiel;         /* seuls certains items ont tourné (--item) */
	bool compilation;     /* la compilation a échoué : rien n'a tourné */
};

static const char *const noms_genre[] = {"note", "bonus", "cache"};
static const char *const noms_limite[] = {"budget_tp", "delai_item", "cpu", "taille_sortie"};

/* Le statut d'un item pour les outils : « reussi », « rate » ou « non_verifie ». */
static const char *statut(const struct resultat *r)
{
	return r->present && r->reussi ? "reussi" : r->non_verifie ? "non_verifie" : "rate";
}

/* Les champs de tp-ipc d'un test (extra_data de Gradescope) : voir ecrire_json. */
static void json_donnees_item(FILE *f, const struct tp *tp, const struct item *it,
                              const struct resultat *r)
{
	bool premier = true;

	fputs(", \"tags\": [", f);
	json_chaine(f, it->nom);
	fputs("], \"extra_data\": {\"tp\": ", f);
	json_chaine(f, tp->nom);
	fputs(", \"item\": ", f);
	json_chaine(f, it->nom);
	fprintf(f, ", \"genre\": \"%s\", \"points\": %d, \"statut\": \"%s\", \"limites\": [",
	        noms_genre[it->genre], it->points, statut(r));
	for (size_t k = 0; k < NB_ELEMENTS(noms_limite); k++)
		if (r->limites & (1u << k)) {
			fprintf(f, "%s\"%s\"", premier ? "" : ", ", noms_limite[k]);
			premier = false;
		}
	fputs("]}", f);
}

/*
 * Le results.json, seule interface pour les outils (resultats.py, autotests) : le format de
 * Gradescope, plus « tags » (l'identifiant de l'item) et « extra_data » (le TP, et par test
 * l'item, son genre, ses points, son statut et les limites atteintes). Le texte français peut
 * changer librement ; ces champs-là, non.
 */
static int ecrire_json(const char *chemin, const struct tp *tp, struct resultat *res,
                       const struct bilan *b, const char *sortie)
{
	FILE *f = fopen(chemin, "w");

	if (f == NULL) {
		perror(chemin);
		return 1;
	}
	fprintf(f, "{\n  \"score\": %d,\n  \"max_score\": %d,\n  \"output\": ", b->score, b->max);
	json_chaine(f, sortie);
	fputs(",\n  \"extra_data\": {\"tp\": ", f);
	json_chaine(f, tp->nom);
	fprintf(f,
	        ", \"compilation\": %s, \"partiel\": %s, \"bonus\": %d, \"bonus_max\": %d, "
	        "\"points_caches\": %d}",
	        b->compilation ? "true" : "false", b->partiel ? "true" : "false", b->bonus,
	        b->bonus_max, b->plus_tard);
	fprintf(f, ",\n  \"tests\": [");
	for (size_t i = 0, n = 0; i < tp->nb_items; i++) {
		const struct item *it = &tp->items[i];
		char *nom = NULL, *retour;
		bool reussi = res[i].present && res[i].reussi;

		if (!res[i].execute || ITEM_ABSENT(it))
			continue;
		retour = retour_item(it, &res[i]);
		asprintf(&nom, "%s%s : %s", it->genre == BONUS ? "[bonus] " : "", it->nom,
		         it->titre);
		fprintf(f, "%s\n    {\"name\": ", n++ ? "," : "");
		json_chaine(f, nom);
		fprintf(f,
		        ", \"score\": %d, \"max_score\": %d, \"status\": \"%s\", "
		        "\"visibility\": \"visible\", \"output\": ",
		        reussi ? it->points : 0, it->genre == BONUS ? 0 : it->points,
		        reussi ? "passed" : "failed");
		json_chaine(f, retour);
		json_donnees_item(f, tp, it, &res[i]);
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
	struct bilan b = {.partiel = items != NULL};
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
			b.plus_tard += it->points;
			printf("  [caché]  -/%-2d %s : %s\n", it->points, it->nom, it->titre);
			continue;
		}
		obtenu = r->present && r->reussi ? it->points : 0;
		if (it->genre == BONUS) {
			b.bonus += obtenu;
			b.bonus_max += it->points;
		} else {
			b.score += obtenu;
			b.max += it->points;
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
	if (b.bonus_max > 0)
		printf("Bonus %s (hors note) : %d/%d\n", tp->nom, b.bonus, b.bonus_max);
	/* Dans le kit, les items cachés ne comptent pas encore : le rapport dit combien il en reste. */
	if (b.plus_tard > 0)
		asprintf(
		    &reste,
		    " sur les items du kit ; %d point%s d'items cachés %s lors de la correction",
		    b.plus_tard, b.plus_tard > 1 ? "s" : "",
		    b.plus_tard > 1 ? "seront notés" : "sera noté");
	if (items != NULL)
		printf("Note partielle %s (items %s) : %d/%d%s\n", tp->nom, items,
		       b.score + b.bonus, b.max + b.bonus_max, reste ? reste : "");
	else
		printf("Note %s : %d/%d%s\n", tp->nom, b.score, b.max, reste ? reste : "");
	fflush(stdout);
	if (reste != NULL) {
		char *t = NULL;

		asprintf(&t, "%s\nNote%s.", entete, reste);
		free(entete);
		entete = t;
	}
	free(reste);
	if (json != NULL && ecrire_json(json, tp, res, &b, entete) != 0) {
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
	char ligne[512], tampon[8192];
	struct texte erreurs = texte_sur(tampon, sizeof tampon);
	int n = 0, max = 0, rc = 0;
	struct resultat res[64];

	/* Les 25 premières lignes, ou ce qui tient (coupé alors par « … »). */
	while (f != NULL && n < 25 && !erreurs.tronque && fgets(ligne, sizeof ligne, f) != NULL) {
		texte_ajouter(&erreurs, "%s", ligne);
		n++;
	}
	if (f != NULL)
		fclose(f);
	printf("== TP %s — programmes de %s ==\n\n", tp->nom, source ? source : "?");
	printf("La compilation a échoué : aucun item ne peut être vérifié.\n"
	       "Premières erreurs du compilateur (les avertissements comptent comme des "
	       "erreurs, -Werror) :\n\n%s\n",
	       erreurs.buf);
	for (size_t i = 0; i < tp->nb_items && i < 64; i++) {
		res[i] = (struct resultat){.execute = true, .present = true, .non_verifie = true};
		asprintf(&res[i].message, "Non vérifié : la compilation a échoué.");
		if (tp->items[i].genre != BONUS)
			max += tp->items[i].points;
	}
	printf("Note %s : 0/%d\n", tp->nom, max);
	fflush(stdout);
	if (json != NULL) {
		char *sortie = NULL;

		asprintf(&sortie, "La compilation a échoué :\n%s", erreurs.buf);
		rc = ecrire_json(json, tp, res, &(struct bilan){.max = max, .compilation = true},
		                 sortie);
		free(sortie);
	}
	for (size_t i = 0; i < tp->nb_items && i < 64; i++)
		free(res[i].message);
	return rc;
}
