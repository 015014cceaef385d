/*
 * client.c : le client de la calculatrice (TP 1).
 *
 *   client CHEMIN A OP B [-u]     calcule A OP B (-u : requête urgente)
 *   client CHEMIN stop            demande l'arrêt du serveur
 *
 * Le résultat seul sur stdout, code 0 ; erreur de calcul : message et code 3 ; pas de serveur
 * ou serveur parti : code 1 ; arguments invalides : code 2.
 */
#include "calcul.h"
#include "commun.h"

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <unistd.h>

#define SORTIE_ERREUR_CALCUL 3

/* Lit les arguments dans req ; tout écart appelle usage() (code 2), avant toute action. */
static void lire_arguments(int argc, char *argv[], struct requete *req)
{
	memset(req, 0, sizeof *req);
	req->mtype = TYPE_NORMAL;
	if (argc == 3 && strcmp(argv[2], "stop") == 0) {
		req->op = OP_ARRET;
		return;
	}
	if (argc == 6 && strcmp(argv[5], "-u") == 0)
		req->mtype = TYPE_URGENT;
	else if (argc == 6)
		usage("option inconnue : « %s » (seule -u est acceptée)", argv[5]);
	else if (argc != 5)
		usage("nombre d'arguments incorrect");
	req->a = argument_entier(argv[2], LONG_MIN, LONG_MAX, "A");
	/* Un caractère visible : le serveur juge lui-même s'il connaît l'opérateur. */
	if (strlen(argv[3]) != 1 || !isgraph((unsigned char)argv[3][0]))
		usage("opérateur invalide : « %s » (un seul caractère : + - x / %%)", argv[3]);
	req->op = argv[3][0];
	req->b = argument_entier(argv[4], LONG_MIN, LONG_MAX, "B");
}

/* Trouve la file du serveur, sans jamais la créer. */
static int ouvrir_file(key_t cle, const char *chemin)
{
	/*
	 * À FAIRE (étape 6) : obtenir l'identifiant de la file existante avec msgget(), sans la
	 * créer. Si elle n'existe pas (ENOENT), errx() en disant qu'aucun serveur ne tourne et
	 * comment en lancer un ; autre erreur : err().
	 */
	int id = msgget(cle, 0);

	if (id < 0) {
		if (errno == ENOENT)
			errx(SORTIE_ECHEC, "pas de serveur pour %s : lancez « serveur %s »", chemin,
			     chemin);
		err(SORTIE_ECHEC, "msgget");
	}
	return id;
}

/* Envoie la requête puis attend la réponse qui porte notre pid ; quitte en cas d'échec. */
static void echanger(int file, struct requete *req, struct reponse *rep)
{
	req->pid = getpid();
	/*
	 * À FAIRE (étape 7) : envoyer la requête (msgsnd ; la taille ne compte pas mtype). Si la
	 * file a disparu (EIDRM ou EINVAL), errx() « le serveur s'est arrêté » ; sinon err().
	 * Pour une requête d'arrêt (OP_ARRET), pas de réponse : revenir aussitôt.
	 */
	if (msgsnd(file, req, sizeof(struct requete) - sizeof(long), 0) < 0) {
		if (errno == EIDRM || errno == EINVAL)
			errx(SORTIE_ECHEC, "le serveur s'est arrêté");
		err(SORTIE_ECHEC, "msgsnd");
	}
	if (req->op == OP_ARRET)
		return;
	/*
	 * À FAIRE (étape 8) : recevoir la réponse dont l'étiquette est notre pid (msgrcv). Sur
	 * EINTR (interrompu par un signal ; selon le noyau, aussi après SIGSTOP puis SIGCONT),
	 * recommencer. Si la file a été supprimée pendant l'attente (EIDRM ou EINVAL), errx() :
	 * le serveur est parti ; sinon err().
	 */
	for (;;) {
		if (msgrcv(file, rep, sizeof(struct reponse) - sizeof(long), (long)req->pid, 0) >=
		    0)
			break;
		if (errno == EINTR)
			continue;
		if (errno == EIDRM || errno == EINVAL)
			errx(SORTIE_ECHEC, "le serveur est parti (file supprimée)");
		err(SORTIE_ECHEC, "msgrcv");
	}
}

int main(int argc, char *argv[])
{
	struct requete req;
	struct reponse rep;
	int file;

	sortie_par_ligne();
	usage_synopsis("CHEMIN A OP B [-u]   ou   CHEMIN stop");
	lire_arguments(argc, argv, &req);
	file = ouvrir_file(cle_depuis_chemin(argv[1], CLE_ID), argv[1]);
	echanger(file, &req, &rep);
	if (req.op == OP_ARRET)
		return SORTIE_OK;
	switch (rep.statut) {
	case STATUT_OK:
		printf("%ld\n", rep.resultat);
		return SORTIE_OK;
	case STATUT_DIVISION_PAR_ZERO:
		warnx("erreur : division par zéro");
		break;
	case STATUT_DEBORDEMENT:
		warnx("erreur : dépassement de capacité");
		break;
	case STATUT_OPERATEUR_INCONNU:
		warnx("erreur : opérateur inconnu « %c » (+ - x / %%)", req.op);
		break;
	default:
		warnx("erreur : statut inconnu %d", rep.statut);
	}
	return SORTIE_ERREUR_CALCUL;
}
