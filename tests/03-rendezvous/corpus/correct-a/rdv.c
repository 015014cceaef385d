/*
 * rdv.c : rendez-vous (barrière) de N processus avec l'opération Z des sémaphores System V.
 *
 *   rdv creer CHEMIN N        crée l'ensemble d'un sémaphore, initialisé à N
 *   rdv attendre CHEMIN NOM   arrive (P de 1), puis attend que tous soient arrivés (Z)
 *   rdv etat CHEMIN           valeur, processus en attente de zéro et de décrément
 *   rdv detruire CHEMIN       supprime l'ensemble ; ceux qui attendent reçoivent EIDRM
 *   rdv groupe N              bonus : N fils se donnent rendez-vous, avec leur chronologie
 *   rdv tours CHEMIN N K      bonus : N fils franchissent K fois une barrière réutilisable
 *
 * Le sémaphore compte les participants encore attendus : chacun le décrémente en arrivant,
 * puis attend qu'il soit nul. Le dernier arrivé le met à zéro et libère tout le monde.
 */
#include "commun.h"
#include "rdv.h"

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SYNOPSIS                                                                                   \
	"creer CHEMIN N            (1 <= N <= 32767)\n"                                            \
	"        rdv attendre CHEMIN NOM\n"                                                        \
	"        rdv etat CHEMIN\n"                                                                \
	"        rdv detruire CHEMIN\n"                                                            \
	"        rdv groupe N              (bonus, 1 <= N <= 64)\n"                                \
	"        rdv tours CHEMIN N K      (bonus, 1 <= N <= 64, 1 <= K <= 1000)"

/* Ce que « rdv etat » affiche : semctl GETVAL, GETZCNT et GETNCNT sur le sémaphore 0. */
struct etat {
	int valeur;
	int attente_zero;
	int attente_decrement;
};

/* ---- Étape 1 : créer l'ensemble ---- */

/* Crée l'ensemble d'un sémaphore de clé cle (IPC_PRIVATE possible), initialisé à n. */
static int creer_ensemble(key_t cle, int n)
{
	/* À FAIRE (étape 1) : créer un ensemble d'UN sémaphore avec semget(cle, 1, ...) et les
	 * options IPC_CREAT | IPC_EXCL | 0600 ; s'il existe déjà (EEXIST), err(SORTIE_ECHEC, ...)
	 * sans rien toucher. Puis lui donner la valeur n : semctl(semid, 0, SETVAL, arg) avec une
	 * union semun (champ val). Si SETVAL échoue, supprimer l'ensemble avant de quitter.
	 * Renvoyer l'identifiant de l'ensemble. */
	int id = semget(cle, 1, IPC_CREAT | IPC_EXCL | 0600);
	if (id < 0)
		err(1, "semget");
	union semun u;
	u.val = n;
	if (semctl(id, 0, SETVAL, u) < 0) {
		int sauve = errno;
		semctl(id, 0, IPC_RMID);
		errno = sauve;
		err(1, "semctl SETVAL");
	}
	return id;
}

/* ---- Étape 2 : retrouver l'ensemble et l'observer ---- */

/* Identifiant de l'ensemble du rendez-vous de chemin ; quitte (code 1) s'il n'existe pas. */
static int ouvrir_rdv(const char *chemin)
{
	key_t cle = cle_depuis_chemin(chemin, ID_RDV);

	/* À FAIRE (étape 2) : retrouver l'ensemble EXISTANT avec semget, sans IPC_CREAT (sinon
	 * un participant trop pressé créerait un rendez-vous vide, jamais initialisé). S'il n'existe
	 * pas (ENOENT), err(SORTIE_ECHEC, ...) en suggérant « rdv creer ». */
	int id = semget(cle, 0, 0);
	if (id < 0)
		err(1, "pas de rendez-vous (rdv creer d'abord)");
	return id;
}

/* Lit l'état du sémaphore 0 : valeur, attentes de zéro, attentes de décrément. */
static struct etat lire_etat(int semid)
{
	/* À FAIRE (étape 2) : trois appels semctl(semid, 0, CMD) avec CMD = GETVAL, GETZCNT
	 * (processus bloqués dans une opération Z) et GETNCNT (processus bloqués dans un P) ;
	 * le résultat est la valeur demandée, -1 en cas d'erreur. */
	struct etat e;
	e.valeur = semctl(semid, 0, GETVAL);
	e.attente_zero = semctl(semid, 0, GETZCNT);
	e.attente_decrement = semctl(semid, 0, GETNCNT);
	if (e.valeur < 0 || e.attente_zero < 0 || e.attente_decrement < 0)
		err(1, "semctl");
	return e;
}

/* ---- Étape 3 : le rendez-vous ---- */

/* semop des n opérations de ops, appliquées ensemble ou pas du tout ; relancé après EINTR.
 * Faux si l'ensemble a été supprimé pendant l'attente (EIDRM) ou avant l'appel (EINVAL). */
static bool operer(int semid, struct sembuf *ops, size_t n)
{
	/* À FAIRE (étape 3) : appeler semop(semid, ops, n). En cas d'échec : EINTR (processus
	 * arrêté puis repris) → recommencer, rien n'a été appliqué ; EIDRM ou EINVAL → renvoyer
	 * false, l'appelant le dira ; autre erreur → err(SORTIE_ECHEC, "semop"). */
	for (;;) {
		if (semop(semid, ops, n) == 0)
			return true;
		switch (errno) {
		case EINTR:
			break;
		case EIDRM:
		case EINVAL:
			return false;
		default:
			err(1, "semop");
		}
	}
}

/* P : décrémente de 1 le sémaphore 0, sans SEM_UNDO ; faux si l'ensemble a disparu. */
static bool arriver(int semid)
{
	/* À FAIRE (étape 3) : UNE opération struct sembuf sur le sémaphore 0 : sem_op = -1 et
	 * sem_flg = 0 (surtout pas SEM_UNDO : la sortie du processus annulerait son arrivée).
	 * Initialiser les trois champs, puis operer(semid, &op, 1). */
	struct sembuf op;
	op.sem_num = 0;
	op.sem_op = -1;
	op.sem_flg = 0;
	return operer(semid, &op, 1);
}

/* Z : attend que le sémaphore 0 soit nul, c'est-à-dire que tous soient arrivés. */
static bool attendre_zero(int semid)
{
	/* À FAIRE (étape 3) : UNE opération sur le sémaphore 0 avec sem_op = 0 (opération Z),
	 * sem_flg = 0, puis operer(semid, &op, 1). */
	struct sembuf op;
	op.sem_num = 0;
	op.sem_op = 0;
	op.sem_flg = 0;
	return operer(semid, &op, 1);
}

/* Participe au rendez-vous sous le nom nom ; faux si l'ensemble a été supprimé. */
static bool participer(int semid, const char *nom)
{
	/* À FAIRE (étape 3) : afficher « NOM arrive », arriver, PUIS dans un second appel
	 * attendre zéro, enfin afficher « NOM passe ». Un seul semop {P, Z} ne marche pas : il
	 * n'applique rien tant que Z est impossible, donc personne ne décrémente. Renvoyer false
	 * dès qu'une des deux opérations renvoie false. */
	printf("%s arrive\n", nom);
	if (!arriver(semid))
		return false;
	if (!attendre_zero(semid))
		return false;
	printf("%s passe\n", nom);
	return true;
}

/* ---- Étape 4 : détruire ---- */

/* Supprime l'ensemble ; les processus bloqués dessus se réveillent avec EIDRM. */
static void detruire_ensemble(int semid)
{
	/* À FAIRE (étape 4) : semctl(semid, 0, IPC_RMID) ; en cas d'échec, err(SORTIE_ECHEC, ...). */
	if (semctl(semid, 0, IPC_RMID) < 0)
		err(1, "semctl IPC_RMID");
}

/* ---- Sous-commandes du contrat ---- */

static int cmd_creer(const char *chemin, int n)
{
	int semid = creer_ensemble(cle_depuis_chemin(chemin, ID_RDV), n);

	printf("rendez-vous créé : ensemble %d, valeur %d\n", semid, n);
	return SORTIE_OK;
}

static int cmd_attendre(const char *chemin, const char *nom)
{
	int semid = ouvrir_rdv(chemin);

	if (!participer(semid, nom))
		errx(SORTIE_ECHEC, "%s : le rendez-vous a été supprimé pendant l'attente (EIDRM)",
		     nom);
	return SORTIE_OK;
}

static int cmd_etat(const char *chemin)
{
	struct etat e = lire_etat(ouvrir_rdv(chemin));

	printf(FORMAT_ETAT, e.valeur, e.attente_zero, e.attente_decrement);
	return SORTIE_OK;
}

static int cmd_detruire(const char *chemin)
{
	int semid = ouvrir_rdv(chemin);

	detruire_ensemble(semid);
	printf("rendez-vous détruit : ensemble %d\n", semid);
	return SORTIE_OK;
}

/* ---- Bonus : une équipe de fils (groupe et tours) ---- */

/* Une équipe : n fils qui exécutent tache sur l'ensemble semid, pendant k tours. */
struct equipe {
	int semid;
	int n;
	int k;
	int (*tache)(const struct equipe *e, int rang);
};

static struct timespec debut_equipe;
static volatile sig_atomic_t semid_a_supprimer = -1;
static volatile sig_atomic_t signal_recu;

/* SIGINT, SIGTERM : supprimer l'ensemble réveille les fils bloqués (EIDRM), qui se terminent. */
static void interrompre(int sig)
{
	signal_recu = sig;
	if (semid_a_supprimer != -1)
		semctl(semid_a_supprimer, 0, IPC_RMID);
	semid_a_supprimer = -1;
}

/* Installe interrompre pour SIGINT et SIGTERM, avant de créer l'ensemble de l'équipe. */
static void intercepter_signaux(void)
{
	struct sigaction sa = {.sa_handler = interrompre}; /* sans SA_RESTART */

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1)
		err(SORTIE_ECHEC, "sigaction");
}

/* Supprime l'ensemble de l'équipe s'il ne l'a pas déjà été (par interrompre). */
static void supprimer_une_fois(void)
{
	sigset_t bloques, avant;

	sigemptyset(&bloques);
	sigaddset(&bloques, SIGINT);
	sigaddset(&bloques, SIGTERM);
	sigprocmask(SIG_BLOCK, &bloques, &avant);
	if (semid_a_supprimer != -1)
		detruire_ensemble(semid_a_supprimer);
	semid_a_supprimer = -1;
	sigprocmask(SIG_SETMASK, &avant, NULL);
}

/* Millisecondes écoulées depuis le lancement de l'équipe. */
static long ms_ecoulees(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - debut_equipe.tv_sec) * 1000 +
	       (t.tv_nsec - debut_equipe.tv_nsec) / 1000000;
}

/* Dort un nombre de millisecondes tiré au hasard dans [0, max_ms]. */
static void pause_aleatoire(int max_ms)
{
	long ms = rand() % (max_ms + 1);
	struct timespec d = {.tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000};

	while (nanosleep(&d, &d) == -1 && errno == EINTR)
		;
}

/* Fils numéro rang : signaux remis par défaut, son propre tirage aléatoire, puis la tâche. */
static noreturn void vie_du_fils(const struct equipe *e, int rang)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	srand((unsigned)getpid() * 2654435761u + (unsigned)rang);
	exit(e->tache(e, rang));
}

/* Attend les fils lancés ; faux si l'un d'eux a échoué. */
static bool attendre_fils(int lances)
{
	bool ok = true;
	int statut;

	while (lances > 0) {
		if (wait(&statut) == -1) {
			if (errno == EINTR)
				continue;
			err(SORTIE_ECHEC, "wait");
		}
		lances--;
		if (!WIFEXITED(statut) || WEXITSTATUS(statut) != SORTIE_OK)
			ok = false;
	}
	return ok;
}

/* Lance les n fils de l'équipe, les attend, puis supprime l'ensemble, même sur SIGINT ou
 * SIGTERM (l'ensemble est alors supprimé tout de suite) ; vrai si tous les fils ont réussi.
 * intercepter_signaux() doit avoir été appelé avant la création de l'ensemble. */
static bool lancer_equipe(const struct equipe *e)
{
	int lances;
	bool ok = true;

	semid_a_supprimer = e->semid; /* un signal reçu avant : signal_recu, vu ci-dessous */
	clock_gettime(CLOCK_MONOTONIC, &debut_equipe);
	for (lances = 0; lances < e->n && !signal_recu; lances++) {
		pid_t pid = fork();

		if (pid == 0)
			vie_du_fils(e, lances);
		if (pid == -1) {
			warn("fork");
			ok = false;
			break;
		}
	}
	if (lances < e->n) /* équipe incomplète : sans l'ensemble, les fils lancés s'arrêtent */
		supprimer_une_fois();
	ok = attendre_fils(lances) && ok;
	supprimer_une_fois();
	if (signal_recu)
		errx(SORTIE_ECHEC, "interrompu par le signal %d : ensemble %d supprimé",
		     (int)signal_recu, e->semid);
	return ok;
}

/* ---- Étape 5 (bonus) : groupe ---- */

/* Fils rang du groupe : arrive après un délai aléatoire, attend les autres, passe. */
static int participant_groupe(const struct equipe *e, int rang)
{
	/* À FAIRE (étape 5, bonus) : pause_aleatoire(RDV_DELAI_MAX_MS), puis afficher
	 *   printf("%6ld ms  participant %d arrive\n", ms_ecoulees(), rang + 1);
	 * arriver, attendre zéro (return SORTIE_ECHEC si l'ensemble a disparu), puis afficher la
	 * même ligne avec « passe ». Renvoyer SORTIE_OK. */
	pause_aleatoire(RDV_DELAI_MAX_MS);
	printf("%6ld ms  participant %d arrive\n", ms_ecoulees(), rang + 1);
	if (!arriver(e->semid))
		return SORTIE_ECHEC;
	if (!attendre_zero(e->semid))
		return SORTIE_ECHEC;
	printf("%6ld ms  participant %d passe\n", ms_ecoulees(), rang + 1);
	return SORTIE_OK;
}

static int cmd_groupe(int n)
{
	intercepter_signaux();
	/* Ensemble privé : les fils en héritent l'identifiant par fork, pas besoin de clé. */
	struct equipe e = {
	    .semid = creer_ensemble(IPC_PRIVATE, n), .n = n, .k = 1, .tache = participant_groupe};

	printf("groupe de %d participants : ensemble privé %d\n", n, e.semid);
	if (!lancer_equipe(&e))
		errx(SORTIE_ECHEC, "un participant du groupe a échoué");
	printf("tous les participants sont passés\n");
	return SORTIE_OK;
}

/* ---- Étape 6 (bonus) : barrière réutilisable à deux sémaphores ---- */

/* Les deux sémaphores de la barrière de tours. */
enum { ARRIVEES = 0, PASSAGES = 1 };

/* Crée l'ensemble de deux sémaphores de la barrière : ARRIVEES = n, PASSAGES = 0. */
static int creer_barriere(key_t cle, int n)
{
	/* À FAIRE (étape 6, bonus) : semget(cle, 2, IPC_CREAT | IPC_EXCL | 0600), puis
	 * semctl(semid, 0, SETALL, arg) avec arg.array pointant sur un tableau de deux
	 * unsigned short {n, 0}. Même traitement des erreurs qu'à l'étape 1. */
	int id = semget(cle, 2, IPC_CREAT | IPC_EXCL | 0600);
	if (id < 0)
		err(1, "semget");
	unsigned short v[2];
	v[ARRIVEES] = (unsigned short)n;
	v[PASSAGES] = 0;
	union semun u;
	u.array = v;
	if (semctl(id, 0, SETALL, u) < 0) {
		int sauve = errno;
		semctl(id, 0, IPC_RMID);
		errno = sauve;
		err(1, "semctl SETALL");
	}
	return id;
}

/* Franchit la barrière au tour numéro tour (1, 2...) ; faux si l'ensemble a disparu.
 * Tour impair : ARRIVEES descend de n à 0, PASSAGES monte de 0 à n.
 * Tour pair : ARRIVEES remonte de 0 à n, PASSAGES redescend de n à 0.
 * Chaque arrivée attend que tous aient quitté le tour précédent : personne ne peut donc
 * modifier un compteur sur lequel un retardataire n'a pas encore fait son attente. */
static bool franchir(int semid, int n, int tour)
{
	/* À FAIRE (étape 6, bonus) : deux semop par tour, une arrivée puis un passage, chacun
	 * un groupe d'opérations atomique passé à operer(semid, ops, nombre). Une arrivée attend
	 * d'abord que PASSAGES montre que tous ont fini le tour précédent (tour impair : PASSAGES
	 * nul ; tour pair : PASSAGES >= n, qui s'écrit P_n puis V_n dans le même appel), et
	 * modifie ARRIVEES dans le même appel. Un passage attend la fin des arrivées (ARRIVEES nul
	 * ou >= n) et modifie PASSAGES dans le même appel. */
	short nn = (short)n;
	if (tour % 2 == 1) {
		struct sembuf a[2] = {{PASSAGES, 0, 0}, {ARRIVEES, -1, 0}};
		struct sembuf p[2] = {{ARRIVEES, 0, 0}, {PASSAGES, 1, 0}};
		return operer(semid, a, 2) && operer(semid, p, 2);
	} else {
		struct sembuf a[3] = {
		    {PASSAGES, (short)-nn, 0}, {PASSAGES, nn, 0}, {ARRIVEES, 1, 0}};
		struct sembuf p[3] = {
		    {ARRIVEES, (short)-nn, 0}, {ARRIVEES, nn, 0}, {PASSAGES, -1, 0}};
		return operer(semid, a, 3) && operer(semid, p, 3);
	}
}

/* Fils rang de tours : k passages de la barrière, une ligne à chaque arrivée et passage. */
static int participant_tours(const struct equipe *e, int rang)
{
	for (int tour = 1; tour <= e->k; tour++) {
		pause_aleatoire(RDV_ALEA_TOUR_MS);
		printf("tour %d : participant %d arrive\n", tour, rang + 1);
		if (!franchir(e->semid, e->n, tour))
			return SORTIE_ECHEC;
		printf("tour %d : participant %d passe\n", tour, rang + 1);
	}
	return SORTIE_OK;
}

static int cmd_tours(const char *chemin, int n, int k)
{
	struct equipe e = {.n = n, .k = k, .tache = participant_tours};

	intercepter_signaux();
	e.semid = creer_barriere(cle_depuis_chemin(chemin, ID_TOURS), n);
	printf("tours : ensemble %d, %d participants, %d tours\n", e.semid, n, k);
	if (!lancer_equipe(&e))
		errx(SORTIE_ECHEC, "un participant des tours a échoué");
	printf("barrière franchie %d fois par %d participants\n", k, n);
	return SORTIE_OK;
}

/* ---- Arguments ---- */

/* Exige exactement nb arguments après la sous-commande ; sinon usage (code 2). */
static void exiger_arguments(int argc, int nb, const char *cmd)
{
	if (argc - 2 != nb)
		usage("%s : %d argument(s) attendu(s), %d reçu(s)", cmd, nb, argc - 2);
}

int main(int argc, char **argv)
{
	sortie_par_ligne();
	usage_synopsis(SYNOPSIS);
	if (argc < 2)
		usage("sous-commande manquante");

	const char *cmd = argv[1];
	if (strcmp(cmd, "creer") == 0) {
		exiger_arguments(argc, 2, cmd);
		return cmd_creer(argv[2], (int)argument_entier(argv[3], 1, RDV_MAX, "N"));
	}
	if (strcmp(cmd, "attendre") == 0) {
		exiger_arguments(argc, 2, cmd);
		if (argv[3][0] == '\0')
			usage("attendre : NOM vide");
		return cmd_attendre(argv[2], argv[3]);
	}
	if (strcmp(cmd, "etat") == 0) {
		exiger_arguments(argc, 1, cmd);
		return cmd_etat(argv[2]);
	}
	if (strcmp(cmd, "detruire") == 0) {
		exiger_arguments(argc, 1, cmd);
		return cmd_detruire(argv[2]);
	}
	if (strcmp(cmd, "groupe") == 0) {
		exiger_arguments(argc, 1, cmd);
		return cmd_groupe((int)argument_entier(argv[2], 1, RDV_MAX_GROUPE, "N"));
	}
	if (strcmp(cmd, "tours") == 0) {
		exiger_arguments(argc, 3, cmd);
		int n = (int)argument_entier(argv[3], 1, RDV_MAX_GROUPE, "N");
		int k = (int)argument_entier(argv[4], 1, RDV_MAX_TOURS, "K");
		return cmd_tours(argv[2], n, k);
	}
	usage("sous-commande inconnue : « %s »", cmd);
}
