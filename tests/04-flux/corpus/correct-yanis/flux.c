/*
 * flux.c : copier un fichier de n'importe quelle taille d'un processus à un autre, sans lien
 * de parenté, par une file de messages ou par un anneau en mémoire partagée (producteur et
 * consommateur).
 *
 *   flux creer CHEMIN file [OCTETS]        file, msg_qbytes réglé à OCTETS (IPC_SET), relu
 *   flux creer CHEMIN anneau [N TAILLE]    segment de N cases de TAILLE octets, 3 sémaphores
 *   flux envoyer CHEMIN FICHIER            le producteur : FICHIER entier, puis la fin du flux
 *   flux recevoir CHEMIN SORTIE            le consommateur : écrit le flux dans SORTIE
 *   flux lot CHEMIN FICHIER K              bonus : envoyer par l'anneau, K cases par semop
 *   flux deposer CHEMIN P K                le producteur P : K enregistrements, un par case
 *   flux retirer CHEMIN K                  un consommateur : K enregistrements, affichés
 *   flux etat CHEMIN                       octets en attente, indices, sémaphores (GETALL)
 *   flux detruire CHEMIN                   supprime le flux ; ceux qui attendent : EIDRM
 *
 * envoyer et recevoir se lancent dans n'importe quel ordre : le premier attend l'autre,
 * endormi (la file pleine ou vide, un sémaphore à 0), sans consommer de processeur. deposer et
 * retirer se lancent à plusieurs à la fois : chaque enregistrement est retiré une fois.
 */
#include "commun.h"
#include "flux.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#define SYNOPSIS                                                                                   \
	"creer CHEMIN file [OCTETS]      (8192 <= OCTETS <= 1048576, défaut 16384)\n"             \
	"        flux creer CHEMIN anneau [N TAILLE]  (1 <= N <= 1024, 1 <= TAILLE <= 1048576,\n"  \
	"                                             N × TAILLE <= 256 Mio ; défaut 8 65536)\n" \
	"        flux envoyer CHEMIN FICHIER\n"                                                    \
	"        flux recevoir CHEMIN SORTIE\n"                                                    \
	"        flux lot CHEMIN FICHIER K    (bonus : par lots de K cases, 1 <= K <= N)\n"        \
	"        flux deposer CHEMIN P K      (0 <= P <= 999, 1 <= K <= 1000000)\n"                \
	"        flux retirer CHEMIN K        (1 <= K <= 1000000)\n"                               \
	"        flux etat CHEMIN\n"                                                               \
	"        flux detruire CHEMIN"

/* Un message de la file : mtype, puis au plus BLOC_FILE octets (msgsz ne compte pas mtype). */
struct bloc {
	long mtype;
	char octets[BLOC_FILE];
};

/* L'anneau ouvert : ses deux objets et le segment attaché. */
struct anneau {
	int shmid, semid;
	struct entete *e;
	char *cases; /* juste après l'en-tête */
};

/* ---- Donné : lire et écrire des fichiers ---- */

/* Lit jusqu'à n octets (moins seulement à la fin du fichier) ; quitte en cas d'erreur. */
static size_t lire_plein(int fd, char *buf, size_t n)
{
	size_t lu = 0;

	while (lu < n) {
		ssize_t r = read(fd, buf + lu, n - lu);

		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			err(SORTIE_ECHEC, "read");
		if (r == 0)
			break;
		lu += (size_t)r;
	}
	return lu;
}

/* Écrit les n octets de buf ; quitte en cas d'erreur. */
static void ecrire_tout(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t r = write(fd, buf, n);

		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			err(SORTIE_ECHEC, "write");
		buf += r;
		n -= (size_t)r;
	}
}

static noreturn void detruit_pendant_attente(const char *appel)
{
	errx(SORTIE_ECHEC, "%s : le flux a été détruit pendant l'attente (EIDRM)", appel);
}

/* ---- Étape 1 : créer la file et régler msg_qbytes ---- */

/* Crée la file de cle, règle msg_qbytes à octets et renvoie la valeur relue (IPC_STAT). */
static unsigned long creer_file(key_t cle, long octets)
{
	/* À FAIRE (étape 1) : msgget(cle, IPC_CREAT | IPC_EXCL | 0600) ; EEXIST → err(1, ...)
	 * sans toucher à la file existante. Puis msgctl(IPC_STAT) dans une struct msqid_ds,
	 * msg_qbytes = octets, msgctl(IPC_SET) : si IPC_SET échoue (EPERM : au-delà de msgmnb
	 * sans privilège), supprimer la file avant de quitter (rien de créé à moitié). Relire
	 * par IPC_STAT et renvoyer msg_qbytes. */
	int q;
	struct msqid_ds info;

	if ((q = msgget(cle, 0600 | IPC_CREAT | IPC_EXCL)) < 0)
		err(1, "création de la file");
	if (msgctl(q, IPC_STAT, &info) < 0)
		goto rate;
	info.msg_qbytes = octets;
	if (msgctl(q, IPC_SET, &info) < 0)
		goto rate;
	if (msgctl(q, IPC_STAT, &info) < 0)
		goto rate;
	return info.msg_qbytes;
rate:
	warn("réglage de msg_qbytes");
	msgctl(q, IPC_RMID, NULL);
	exit(1);
}

/* ---- Étape 2 : créer l'anneau ---- */

/* Crée le segment (en-tête + n cases de taille octets) et l'ensemble des 3 sémaphores. */
static void creer_anneau(key_t cle, uint32_t n, uint32_t taille, int *shmid, int *semid)
{
	/* À FAIRE (étape 2) : shmget(cle, sizeof(struct entete) + n × taille,
	 * IPC_CREAT | IPC_EXCL | 0600), puis semget(cle, NB_SEMS, IPC_CREAT | IPC_EXCL | 0600).
	 * Attacher le segment, y écrire l'en-tête (n, taille, compteurs à 0), le détacher. Enfin
	 * UN semctl(SETALL) : MUTEX à 1, VIDES à n, PLEINES à 0 (en dernier : tant que VIDES
	 * vaut 0, aucun producteur n'entre). Au moindre échec, supprimer ce qui a été créé. */
	unsigned short init[3];
	union semun u;
	struct entete *h;

	*shmid = shmget(cle, sizeof *h + (size_t)n * taille, 0600 | IPC_CREAT | IPC_EXCL);
	if (*shmid < 0)
		err(1, "création du segment");
	*semid = semget(cle, 3, 0600 | IPC_CREAT | IPC_EXCL);
	if (*semid < 0) {
		warn("création des sémaphores");
		shmctl(*shmid, IPC_RMID, NULL);
		exit(1);
	}
	h = shmat(*shmid, NULL, 0);
	if (h == (void *)-1) {
		warn("shmat");
		goto defaire;
	}
	memset(h, 0, sizeof *h);
	h->n = n;
	h->taille = taille;
	shmdt(h);
	init[MUTEX] = 1;
	init[VIDES] = n;
	init[PLEINES] = 0;
	u.array = init;
	if (semctl(*semid, 0, SETALL, u) == 0)
		return;
	warn("SETALL");
defaire:
	semctl(*semid, 0, IPC_RMID);
	shmctl(*shmid, IPC_RMID, NULL);
	exit(1);
}

/* ---- Étape 3 : le flux par la file ---- */

/* La file existante de cle, ou -1 s'il n'y en a pas. */
static int ouvrir_file(key_t cle)
{
	/* À FAIRE (étape 3) : msgget(cle, 0), sans IPC_CREAT ; ENOENT → renvoyer -1 ; autre
	 * erreur → err(SORTIE_ECHEC, ...). */
	int q = msgget(cle, 0);

	if (q < 0 && errno != ENOENT)
		err(1, "msgget");
	return q < 0 ? -1 : q;
}

/* Envoie le contenu de fd par messages pleins, puis un message vide de type TYPE_FIN. */
static void envoyer_file(int file, int fd)
{
	/* À FAIRE (étape 3) : tant que lire_plein(fd, b.octets, BLOC_FILE) rend des octets,
	 * msgsnd(file, &b, lus, 0) avec mtype = TYPE_DONNEES (sans IPC_NOWAIT : file pleine,
	 * le producteur s'endort) ; puis msgsnd d'un message de 0 octet, mtype = TYPE_FIN.
	 * EINTR → recommencer ; EIDRM ou EINVAL → detruit_pendant_attente("msgsnd"). */
	static struct bloc m;
	size_t n;

	for (;;) {
		n = lire_plein(fd, m.octets, sizeof m.octets);
		m.mtype = n == 0 ? TYPE_FIN : TYPE_DONNEES;
	encore:
		if (msgsnd(file, &m, n, 0) < 0) {
			if (errno == EINTR)
				goto encore;
			if (errno == EIDRM || errno == EINVAL)
				detruit_pendant_attente("msgsnd");
			err(1, "msgsnd");
		}
		if (n == 0)
			break;
	}
}

/* Écrit dans fd les messages reçus, jusqu'au message de type TYPE_FIN. */
static void recevoir_file(int file, int fd)
{
	/* À FAIRE (étape 3) : msgrcv(file, &b, BLOC_FILE, 0, 0) en boucle ; écrire les octets
	 * reçus (ecrire_tout) ; s'arrêter au message de type TYPE_FIN. EINTR → recommencer ;
	 * EIDRM ou EINVAL → detruit_pendant_attente("msgrcv"). */
	static struct bloc m;
	ssize_t n;

	while ((n = msgrcv(file, &m, sizeof m.octets, 0, 0)) != -1 || errno == EINTR) {
		if (n < 0)
			continue;
		if (m.mtype == TYPE_FIN)
			return;
		ecrire_tout(fd, m.octets, n);
	}
	if (errno == EIDRM || errno == EINVAL)
		detruit_pendant_attente("msgrcv");
	err(1, "msgrcv");
}

/* ---- Étape 4 : le flux par l'anneau ---- */

/* L'anneau existant de cle, attaché ; faux s'il n'y en a pas. */
static bool ouvrir_anneau(key_t cle, struct anneau *a)
{
	/* À FAIRE (étape 4) : shmget(cle, 0, 0) et semget(cle, 0, 0), sans IPC_CREAT ; ENOENT
	 * pour le segment → renvoyer false ; puis shmat(shmid, NULL, 0) : a->e est l'en-tête,
	 * a->cases l'octet qui le suit. */
	void *p;

	if ((a->shmid = shmget(cle, 0, 0)) < 0) {
		if (errno == ENOENT)
			return false;
		err(1, "shmget");
	}
	if ((a->semid = semget(cle, 0, 0)) < 0)
		err(1, "semget");
	if ((p = shmat(a->shmid, NULL, 0)) == (void *)-1)
		err(1, "shmat");
	a->e = p;
	a->cases = (char *)p + sizeof(struct entete);
	return true;
}

/* P ou V sur s et sur le mutex ensemble (un seul semop). */
static void deux_ops(int id, int s, int v)
{
	struct sembuf ops[2];

	ops[0].sem_num = s;
	ops[0].sem_op = v;
	ops[0].sem_flg = 0;
	ops[1].sem_num = MUTEX;
	ops[1].sem_op = v;
	ops[1].sem_flg = SEM_UNDO;
	while (semop(id, ops, 2) < 0) {
		if (errno == EINTR)
			continue;
		if (errno == EIDRM || errno == EINVAL)
			detruit_pendant_attente("semop");
		err(1, "semop");
	}
}

/* Le producteur : une case après l'autre, la dernière incomplète (0 à TAILLE - 1 octets). */
static void envoyer_anneau(const struct anneau *a, int fd)
{
	/* À FAIRE (étape 4) : pour chaque case, UN semop de deux opérations {VIDES -1,
	 * MUTEX -1 SEM_UNDO} ; la case numéro e->ecrites est à a->cases + (ecrites % n) × taille ;
	 * y lire au plus taille octets (lire_plein), incrémenter ecrites ; si la case est
	 * incomplète, c'est la dernière : derniere = ecrites, longueur_fin = octets lus ; puis UN
	 * semop {PLEINES +1, MUTEX +1 SEM_UNDO}. Deux semop par case, jamais IPC_NOWAIT. */
	static char tampon[TAILLE_MAX];
	size_t n;
	int fini = 0;

	while (!fini) {
		n = lire_plein(fd, tampon, a->e->taille);
		deux_ops(a->semid, VIDES, -1);
		memcpy(a->cases + a->e->ecrites % a->e->n * a->e->taille, tampon, n);
		a->e->ecrites += 1;
		if (n < a->e->taille) {
			a->e->longueur_fin = n;
			a->e->derniere = a->e->ecrites;
			fini = 1;
		}
		deux_ops(a->semid, PLEINES, +1);
	}
}

/* Le consommateur : une case après l'autre, jusqu'à la dernière du flux. */
static void recevoir_anneau(const struct anneau *a, int fd)
{
	/* À FAIRE (étape 4) : pour chaque case, UN semop {PLEINES -1, MUTEX -1 SEM_UNDO} ; la
	 * case numéro k = e->lues ; c'est la dernière si e->derniere == k + 1 (alors
	 * longueur_fin octets, et derniere remis à 0 pour le flux suivant), sinon taille octets ;
	 * les écrire (ecrire_tout), incrémenter lues, puis UN semop {VIDES +1, MUTEX +1
	 * SEM_UNDO}. */
	static char tampon[TAILLE_MAX];
	size_t n;
	int fini = 0;

	while (!fini) {
		deux_ops(a->semid, PLEINES, -1);
		n = a->e->taille;
		if (a->e->derniere == a->e->lues + 1) {
			n = a->e->longueur_fin;
			a->e->derniere = 0;
			fini = 1;
		}
		memcpy(tampon, a->cases + a->e->lues % a->e->n * a->e->taille, n);
		a->e->lues += 1;
		deux_ops(a->semid, VIDES, +1);
		ecrire_tout(fd, tampon, n);
	}
}

/* ---- Étape 7 (bonus) : le producteur par lots ---- */

/* Le producteur par lots de k cases : un P_k et un V_k par lot, chacun en un seul semop. */
static void envoyer_lot(const struct anneau *a, int fd, int k)
{
	/* À FAIRE (étape 7, bonus) : pour chaque lot, UN semop {VIDES -k, MUTEX -1 SEM_UNDO} ;
	 * écrire jusqu'à k cases comme envoyer_anneau (s'arrêter après la dernière du flux) ;
	 * puis UN semop {PLEINES +j, MUTEX +1 SEM_UNDO} pour les j cases écrites, avec
	 * {VIDES +(k - j)} en plus si le lot n'est pas complet (jamais une opération nulle :
	 * sem_op = 0 attendrait zéro). */
	struct sembuf prendre[2], rendre[3];
	int fini = 0, faites;
	size_t n;

	prendre[0].sem_num = VIDES;
	prendre[0].sem_op = -k;
	prendre[0].sem_flg = 0;
	prendre[1].sem_num = MUTEX;
	prendre[1].sem_op = -1;
	prendre[1].sem_flg = SEM_UNDO;
	while (!fini) {
		while (semop(a->semid, prendre, 2) < 0)
			if (errno != EINTR)
				detruit_pendant_attente("semop");
		for (faites = 0; faites < k && !fini; faites++) {
			n = lire_plein(fd, a->cases + a->e->ecrites % a->e->n * a->e->taille,
			               a->e->taille);
			a->e->ecrites += 1;
			if (n < a->e->taille) {
				a->e->longueur_fin = n;
				a->e->derniere = a->e->ecrites;
				fini = 1;
			}
		}
		rendre[0].sem_num = PLEINES;
		rendre[0].sem_op = faites;
		rendre[0].sem_flg = 0;
		rendre[1].sem_num = MUTEX;
		rendre[1].sem_op = 1;
		rendre[1].sem_flg = SEM_UNDO;
		rendre[2].sem_num = VIDES;
		rendre[2].sem_op = k - faites;
		rendre[2].sem_flg = 0;
		while (semop(a->semid, rendre, faites < k ? 3 : 2) < 0)
			if (errno != EINTR)
				detruit_pendant_attente("semop");
	}
}

/* ---- Étape 8 : plusieurs producteurs et consommateurs ---- */

/* Le producteur p : k enregistrements {p, 1..k}, un par case, comme envoyer_anneau. */
static void deposer(const struct anneau *a, uint32_t p, long k)
{
	/* À FAIRE (étape 8) : pour i de 1 à k, UN semop {VIDES -1, MUTEX -1 SEM_UNDO} ; copier
	 * (memcpy) l'enregistrement {p, i} dans la case numéro e->ecrites, à a->cases +
	 * (ecrites % n) × taille ; incrémenter ecrites AVANT de rendre le mutex ; UN semop
	 * {PLEINES +1, MUTEX +1 SEM_UNDO}. Plusieurs producteurs à la fois : c'est le mutex qui
	 * fait que deux d'entre eux ne prennent jamais la même case. */
	struct enregistrement enr;
	char *c;

	enr.producteur = p;
	for (long i = 1; i <= k; i++) {
		enr.numero = (uint32_t)i;
		deux_ops(a->semid, VIDES, -1);
		c = a->cases + a->e->ecrites % a->e->n * a->e->taille;
		memcpy(c, &enr, sizeof enr);
		a->e->ecrites += 1;
		deux_ops(a->semid, PLEINES, +1);
	}
}

/* Un consommateur : k enregistrements, chacun affiché (FORMAT_ENREGISTREMENT). */
static void retirer(const struct anneau *a, long k)
{
	/* À FAIRE (étape 8) : k fois, UN semop {PLEINES -1, MUTEX -1 SEM_UNDO} ; copier (memcpy)
	 * l'enregistrement de la case numéro e->lues, incrémenter lues AVANT de rendre le mutex ;
	 * UN semop {VIDES +1, MUTEX +1 SEM_UNDO} ; l'afficher (printf, FORMAT_ENREGISTREMENT). */
	struct enregistrement enr;

	while (k-- > 0) {
		deux_ops(a->semid, PLEINES, -1);
		memcpy(&enr, a->cases + a->e->lues % a->e->n * a->e->taille, sizeof enr);
		a->e->lues += 1;
		deux_ops(a->semid, VIDES, +1);
		printf(FORMAT_ENREGISTREMENT, enr.producteur, enr.numero);
	}
}

/* ---- Étape 5 : l'état du flux ---- */

static void etat_file(int file)
{
	/* À FAIRE (étape 5) : msgctl(file, IPC_STAT, &ds), puis printf(FORMAT_FILE,
	 * msg_cbytes, msg_qbytes, msg_qnum). */
	struct msqid_ds d;

	if (msgctl(file, IPC_STAT, &d) < 0)
		err(1, "IPC_STAT");
	printf(FORMAT_FILE, (unsigned long)d.msg_cbytes, (unsigned long)d.msg_qbytes,
	       (unsigned long)d.msg_qnum);
}

static void etat_anneau(const struct anneau *a)
{
	/* À FAIRE (étape 5) : printf(FORMAT_ANNEAU, n, taille, ecrites, lues) depuis l'en-tête ;
	 * puis les 3 valeurs d'un seul semctl(semid, 0, GETALL, arg) et, pour chaque sémaphore
	 * (« mutex », « vides », « pleines »), printf(FORMAT_SEMAPHORE, nom, valeur, GETNCNT,
	 * GETZCNT). */
	const char *nom[] = {"mutex", "vides", "pleines"};
	unsigned short v[3];
	union semun u = {.array = v};

	if (semctl(a->semid, 0, GETALL, u) < 0)
		err(1, "GETALL");
	printf(FORMAT_ANNEAU, a->e->n, a->e->taille, (unsigned long long)a->e->ecrites,
	       (unsigned long long)a->e->lues);
	for (int i = 0; i < 3; i++)
		printf(FORMAT_SEMAPHORE, nom[i], v[i], semctl(a->semid, i, GETNCNT),
		       semctl(a->semid, i, GETZCNT));
}

/* ---- Étape 6 : détruire ---- */

static void detruire_file(int file)
{
	/* À FAIRE (étape 6) : msgctl(file, IPC_RMID, NULL) ; ceux qui attendent dans msgsnd ou
	 * msgrcv se réveillent avec EIDRM. */
	if (msgctl(file, IPC_RMID, NULL) < 0)
		err(1, "suppression de la file");
}

static void detruire_anneau(const struct anneau *a)
{
	/* À FAIRE (étape 6) : shmctl(shmid, IPC_RMID, NULL) (le segment disparaît au dernier
	 * détachement) et semctl(semid, 0, IPC_RMID) (réveille ceux qui attendent : EIDRM). */
	int r1 = shmctl(a->shmid, IPC_RMID, NULL);
	int r2 = semctl(a->semid, 0, IPC_RMID);

	if (r1 < 0 || r2 < 0)
		err(1, "suppression de l'anneau");
}

/* ---- Donné : la ligne de commande ---- */

/* Le flux de chemin : la file s'il y en a une, sinon l'anneau ; quitte (code 1) sans rien. */
struct flux {
	int file; /* -1 : c'est l'anneau */
	struct anneau a;
};

static struct flux ouvrir_flux(const char *chemin)
{
	struct flux f = {.file = ouvrir_file(cle_depuis_chemin(chemin, ID_FILE))};

	if (f.file == -1 && !ouvrir_anneau(cle_depuis_chemin(chemin, ID_ANNEAU), &f.a))
		errx(SORTIE_ECHEC, "aucun flux pour « %s » (flux creer %s file|anneau d'abord)",
		     chemin, chemin);
	return f;
}

static void exiger_arguments(int argc, int min, int max, const char *cmd)
{
	if (argc - 2 < min || argc - 2 > max)
		usage("%s : %d argument(s) reçu(s)", cmd, argc - 2);
}

static int creer(int argc, char **argv)
{
	exiger_arguments(argc, 2, 4, "creer");
	if (strcmp(argv[3], "file") == 0) {
		if (argc > 5)
			usage("creer file : un seul argument après « file » (OCTETS)");
		long octets = argc == 5 ? argument_entier(argv[4], OCTETS_MIN, OCTETS_MAX, "OCTETS")
		                        : OCTETS_DEFAUT;
		unsigned long relu = creer_file(cle_depuis_chemin(argv[2], ID_FILE), octets);

		printf("file créée : msg_qbytes %lu\n", relu);
		return SORTIE_OK;
	}
	if (strcmp(argv[3], "anneau") != 0)
		usage("creer : transport inconnu « %s » (file ou anneau)", argv[3]);
	if (argc == 5)
		usage("creer anneau : N et TAILLE vont ensemble");
	long n = argc == 6 ? argument_entier(argv[4], 1, CASES_MAX, "N") : CASES_DEFAUT;
	long taille = argc == 6 ? argument_entier(argv[5], 1, TAILLE_MAX, "TAILLE") : TAILLE_DEFAUT;
	if (n * taille > ANNEAU_MAX_OCTETS)
		usage("N × TAILLE = %ld octets : plus que %ld", n * taille, ANNEAU_MAX_OCTETS);
	int shmid, semid;

	creer_anneau(cle_depuis_chemin(argv[2], ID_ANNEAU), (uint32_t)n, (uint32_t)taille, &shmid,
	             &semid);
	printf("anneau créé : %ld cases de %ld octets, segment de %zu octets\n", n, taille,
	       sizeof(struct entete) + (size_t)(n * taille));
	return SORTIE_OK;
}

int main(int argc, char **argv)
{
	sortie_par_ligne();
	usage_synopsis(SYNOPSIS);
	if (argc < 2)
		usage("sous-commande manquante");

	const char *cmd = argv[1];
	if (strcmp(cmd, "creer") == 0)
		return creer(argc, argv);
	if (strcmp(cmd, "envoyer") == 0 || strcmp(cmd, "recevoir") == 0) {
		bool envoi = cmd[0] == 'e';

		exiger_arguments(argc, 2, 2, cmd);
		/* Le fichier à envoyer d'abord (absent : rien touché) ; la sortie une fois le flux
		 * trouvé (pas de fichier vide pour un flux qui n'existe pas). */
		int fd = envoi ? open(argv[3], O_RDONLY) : -1;
		if (envoi && fd == -1)
			err(SORTIE_ECHEC, "%s", argv[3]);
		struct flux f = ouvrir_flux(argv[2]);
		if (!envoi && (fd = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
			err(SORTIE_ECHEC, "%s", argv[3]);
		if (f.file != -1)
			(envoi ? envoyer_file : recevoir_file)(f.file, fd);
		else
			(envoi ? envoyer_anneau : recevoir_anneau)(&f.a, fd);
		if (close(fd) == -1)
			err(SORTIE_ECHEC, "close(%s)", argv[3]);
		return SORTIE_OK;
	}
	if (strcmp(cmd, "lot") == 0) {
		exiger_arguments(argc, 3, 3, cmd);
		int k = (int)argument_entier(argv[4], 1, CASES_MAX, "K");
		int fd = open(argv[3], O_RDONLY);
		if (fd == -1)
			err(SORTIE_ECHEC, "%s", argv[3]);
		struct flux f = ouvrir_flux(argv[2]);
		if (f.file != -1)
			errx(SORTIE_ECHEC, "lot : par l'anneau seulement (ce flux est une file)");
		if ((uint32_t)k > f.a.e->n)
			usage("K = %d : plus que les %u cases de l'anneau (le P_k attendrait "
			      "toujours)",
			      k, f.a.e->n);
		envoyer_lot(&f.a, fd, k);
		if (close(fd) == -1)
			err(SORTIE_ECHEC, "close(%s)", argv[3]);
		return SORTIE_OK;
	}
	if (strcmp(cmd, "deposer") == 0 || strcmp(cmd, "retirer") == 0) {
		bool depot = cmd[0] == 'd';

		exiger_arguments(argc, depot ? 3 : 2, depot ? 3 : 2, cmd);
		long p = depot ? argument_entier(argv[3], 0, PRODUCTEUR_MAX, "P") : 0;
		long k = argument_entier(argv[depot ? 4 : 3], 1, ENREGISTREMENTS_MAX, "K");
		struct flux f = ouvrir_flux(argv[2]);
		if (f.file != -1)
			errx(SORTIE_ECHEC, "%s : par l'anneau seulement (ce flux est une file)",
			     cmd);
		if (f.a.e->taille < sizeof(struct enregistrement))
			errx(SORTIE_ECHEC,
			     "%s : cases de %u octets, trop petites pour un "
			     "enregistrement (%zu octets)",
			     cmd, f.a.e->taille, sizeof(struct enregistrement));
		if (depot)
			deposer(&f.a, (uint32_t)p, k);
		else
			retirer(&f.a, k);
		return SORTIE_OK;
	}
	if (strcmp(cmd, "etat") == 0 || strcmp(cmd, "detruire") == 0) {
		exiger_arguments(argc, 1, 1, cmd);
		struct flux f = ouvrir_flux(argv[2]);
		if (cmd[0] == 'e')
			f.file != -1 ? etat_file(f.file) : etat_anneau(&f.a);
		else
			f.file != -1 ? detruire_file(f.file) : detruire_anneau(&f.a);
		return SORTIE_OK;
	}
	usage("sous-commande inconnue : « %s »", cmd);
}
