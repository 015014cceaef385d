/* banc.c : banc_main, qui transforme la liste d'items d'un TP en suite Check et l'exécute. */
#define _GNU_SOURCE
#include "interne.h"
#include "rapport.h"

#include <check.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct reglages reglages;

/* Délai de Check par item : un filet de sécurité, bien au-delà des échéances du banc. */
#define DELAI_CHECK_S 40

/* Le test Check d'un item : l'indice de boucle _i désigne l'item. */
START_TEST(executer_item)
{
	const struct item *it = &reglages.tp->items[_i];

	verdict_reinitialiser();
	bac_ouvrir();
	bac_identite_item(); /* bac.c */
	bac.item = it->nom;
	it->verifier();
	bac_fermer(true);
}
END_TEST

static noreturn void usage_banc(const char *prog, const char *msg)
{
	if (msg)
		fprintf(stderr, "%s : %s\n", prog, msg);
	fprintf(
	    stderr,
	    "usage : %s --etudiant DOSSIER --ref DOSSIER [--item NOM[,NOM...]] [--json FICHIER]\n"
	    "          [--valgrind] [--budget SECONDES] [--source TEXTE]\n"
	    "          [--echec-compilation JOURNAL]\n"
	    "        %s --liste\n",
	    prog, prog);
	exit(2);
}

/*
 * Exécute les items choisis, un par un (chaque TCase porte son nom comme étiquette) : quand le
 * budget de temps (secondes, 0 : aucun) est épuisé, les items restants sont marqués non
 * vérifiés, et ceux qui ont tourné gardent leurs points.
 */
static void executer_suite(const struct tp *tp, const bool *choisis, int budget,
                           struct resultat *res)
{
	Suite *s = suite_create(tp->nom);
	SRunner *sr = srunner_create(s);
	struct timespec debut;

	maintenant(&debut);
	for (size_t i = 0; i < tp->nb_items; i++) {
		TCase *tc = tcase_create(tp->items[i].nom);

		tcase_set_tags(tc, tp->items[i].nom);
		tcase_set_timeout(tc, DELAI_CHECK_S * reglages.facteur);
		tcase_add_loop_test(tc, executer_item, (int)i, (int)i + 1);
		suite_add_tcase(s, tc);
		res[i].execute = choisis[i];
	}
	srunner_set_fork_status(sr, CK_FORK);
	for (size_t i = 0; i < tp->nb_items; i++) {
		TestResult **tr;

		if (!choisis[i] || ITEM_ABSENT(&tp->items[i]))
			continue;
		if (budget > 0 && secondes_depuis(&debut) >= budget) {
			resultat_hors_budget(&res[i], budget);
			continue;
		}
		srunner_run_tagged(sr, NULL, NULL, tp->items[i].nom, NULL, CK_SILENT);
		/* Selon la version de Check, les résultats s'accumulent d'une exécution à l'autre. */
		tr = srunner_results(sr);
		for (int k = 0; k < srunner_ntests_run(sr); k++)
			if (strcmp(tr_tcname(tr[k]), tp->items[i].nom) == 0)
				resultat_noter(&res[i], tr_rtype(tr[k]), tr_msg(tr[k]));
		free(tr);
		res[i].limites |= limites_lire(reglages.dossier_rapport, tp->items[i].nom);
	}
	srunner_free(sr);
}

/* Coche les items nommés dans liste (« a,b ») ; faux en nommant l'inconnu. */
static bool choisir_items(const struct tp *tp, const char *liste, bool *choisis)
{
	char copie[1024], *mot, *reste;
	bool un = false;

	snprintf(copie, sizeof copie, "%s", liste);
	for (mot = strtok_r(copie, ", ", &reste); mot; mot = strtok_r(NULL, ", ", &reste)) {
		size_t i;

		for (i = 0; i < tp->nb_items && strcmp(tp->items[i].nom, mot) != 0; i++)
			;
		if (i == tp->nb_items) {
			fprintf(stderr, "item inconnu « %s » ; items de %s :", mot, tp->nom);
			for (size_t k = 0; k < tp->nb_items; k++)
				fprintf(stderr, " %s", tp->items[k].nom);
			fprintf(stderr, "\n");
			return false;
		}
		choisis[i] = un = true;
	}
	return un;
}

int banc_main(int argc, char **argv, const struct tp *tp)
{
	static const struct option longues[] = {{"etudiant", required_argument, NULL, 'e'},
	                                        {"ref", required_argument, NULL, 'r'},
	                                        {"item", required_argument, NULL, 'i'},
	                                        {"json", required_argument, NULL, 'j'},
	                                        {"valgrind", no_argument, NULL, 'v'},
	                                        {"source", required_argument, NULL, 's'},
	                                        {"liste", no_argument, NULL, 'l'},
	                                        {"budget", required_argument, NULL, 'b'},
	                                        {"echec-compilation", required_argument, NULL, 'c'},
	                                        {NULL, 0, NULL, 0}};
	const char *item = NULL, *json = NULL, *source = NULL, *compilation = NULL;
	char rapport[512];
	struct resultat res[64] = {0};
	bool choisis[64] = {false};
	int c, budget = 0; /* c : l'option lue, puis le code de sortie */

	reglages.tp = tp;
	reglages.facteur = 1;
	while ((c = getopt_long(argc, argv, "", longues, NULL)) != -1) {
		switch (c) {
		case 'e':
			reglages.dossier_etudiant = optarg;
			break;
		case 'r':
			reglages.dossier_ref = optarg;
			break;
		case 'i':
			item = optarg;
			break;
		case 'j':
			json = optarg;
			break;
		case 's':
			source = optarg;
			break;
		case 'c':
			compilation = optarg;
			break;
		case 'b':
			budget = atoi(optarg);
			break;
		case 'v':
			reglages.valgrind = true;
			reglages.facteur = 10;
			break;
		case 'l':
			for (size_t i = 0; i < tp->nb_items; i++)
				printf("%s %d%s\n", tp->items[i].nom, tp->items[i].points,
				       tp->items[i].genre == BONUS   ? " bonus"
				       : tp->items[i].genre == CACHE ? " cache"
				                                     : "");
			return 0;
		default:
			usage_banc(argv[0], NULL);
		}
	}
	if (tp->nb_items > 64)
		usage_banc(argv[0], "trop d'items (64 au plus)");
	for (size_t i = 0; i < tp->nb_items; i++)
		choisis[i] = item == NULL;
	if (item != NULL && !choisir_items(tp, item, choisis))
		return 2;
	if (compilation != NULL)
		return rapport_echec_compilation(tp, source, compilation, json);
	if (!reglages.dossier_etudiant || !reglages.dossier_ref)
		usage_banc(argv[0], "--etudiant et --ref sont obligatoires");

	/* Un SIGCHLD ignoré hérité ferait tourner Check en rond dans waitpid. */
	signal(SIGCHLD, SIG_DFL);
	snprintf(rapport, sizeof rapport, "%s/tp-ipc-rapport.XXXXXX",
	         getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(rapport) == NULL) {
		fprintf(stderr, "%s : dossier temporaire : %s\n", argv[0], strerror(errno));
		return 1;
	}
	reglages.dossier_rapport = rapport;
	check_set_max_msg_size(64 * 1024);
	repli_verrouiller(); /* avant le budget : l'attente d'une autre correction n'y compte pas */
	executer_suite(tp, choisis, budget, res);
	effacer_arbre(rapport);
	c = rapport_imprimer(tp, source, sonder_isolation(), res, item, json);
	for (size_t i = 0; i < tp->nb_items; i++)
		free(res[i].message);
	return c;
}
