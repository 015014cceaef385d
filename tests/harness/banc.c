/* banc.c : banc_main, qui transforme la liste d'items d'un TP en suite Check et l'exécute. */
#define _GNU_SOURCE
#include "interne.h"
#include "rapport.h"

#include <check.h>
#include <errno.h>
#include <ftw.h>
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
	    "          [--valgrind] [--source TEXTE] [--echec-compilation JOURNAL]\n"
	    "        %s --liste\n",
	    prog, prog);
	exit(2);
}

static int effacer(const char *chemin, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)type;
	(void)f;
	remove(chemin);
	return 0;
}

/* Exécute les items choisis (choisis[i]) : chaque TCase porte son nom comme étiquette. */
static void executer_suite(const struct tp *tp, const bool *choisis, const char *etiquettes,
                           struct resultat *res)
{
	Suite *s = suite_create(tp->nom);
	SRunner *sr;
	TestResult **tr;
	int n;

	for (size_t i = 0; i < tp->nb_items; i++) {
		TCase *tc = tcase_create(tp->items[i].nom);

		tcase_set_tags(tc, tp->items[i].nom);
		tcase_set_timeout(tc, DELAI_CHECK_S * reglages.facteur);
		tcase_add_loop_test(tc, executer_item, (int)i, (int)i + 1);
		suite_add_tcase(s, tc);
		res[i].execute = choisis[i];
	}
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_tagged(sr, NULL, NULL, etiquettes, NULL, CK_SILENT);
	tr = srunner_results(sr);
	n = srunner_ntests_run(sr);
	for (int k = 0; k < n; k++)
		for (size_t i = 0; i < tp->nb_items; i++)
			if (strcmp(tr_tcname(tr[k]), tp->items[i].nom) == 0)
				resultat_noter(&res[i], tr_rtype(tr[k]), tr_msg(tr[k]));
	srunner_free(sr);
}

/* Coche les items nommés dans liste (« a,b ») ; faux en nommant l'inconnu. */
static bool choisir_items(const struct tp *tp, const char *liste, bool *choisis, char *etiquettes,
                          size_t taille)
{
	char copie[1024], *mot, *reste;
	size_t lg = 0;

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
		choisis[i] = true;
		lg += (size_t)snprintf(etiquettes + lg, taille - lg, "%s ", mot);
	}
	return lg > 0;
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
	                                        {"echec-compilation", required_argument, NULL, 'c'},
	                                        {NULL, 0, NULL, 0}};
	const char *item = NULL, *json = NULL, *source = NULL, *compilation = NULL;
	char rapport[512];
	struct resultat res[64] = {0};
	bool choisis[64] = {false};
	char etiquettes[1024] = "";
	int c;

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
		case 'v':
			reglages.valgrind = true;
			reglages.facteur = 10;
			break;
		case 'l':
			for (size_t i = 0; i < tp->nb_items; i++)
				printf("%s %d%s\n", tp->items[i].nom, tp->items[i].points,
				       tp->items[i].bonus ? " bonus" : "");
			return 0;
		default:
			usage_banc(argv[0], NULL);
		}
	}
	if (tp->nb_items > 64)
		usage_banc(argv[0], "trop d'items (64 au plus)");
	for (size_t i = 0; i < tp->nb_items; i++)
		choisis[i] = item == NULL;
	if (item != NULL && !choisir_items(tp, item, choisis, etiquettes, sizeof etiquettes))
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
	executer_suite(tp, choisis, item ? etiquettes : NULL, res);
	nftw(rapport, effacer, 8, FTW_DEPTH | FTW_PHYS);
	return rapport_imprimer(tp, source, sonder_isolation(), res, item, json);
}
