/*
 * correcteur.c : correcteur du TP 4 (un gros volume par une file, puis par un anneau en
 * mémoire partagée : producteur et consommateur).
 *
 * Rien n'est espéré d'un ordonnancement : un producteur seul remplit l'anneau et s'endort, un
 * consommateur seul s'endort sur l'anneau vide, et les retenues du banc arrêtent un programme
 * en section critique (au retour du semop qui prend le mutex) pendant que l'autre doit attendre.
 * L'état se lit de l'extérieur (IPC_STAT, GETVAL, GETNCNT, l'en-tête du segment) et les appels
 * dans la trace IPC (IPC_STAT autour d'IPC_SET, un seul SETALL, le nombre de semop par case,
 * IPC_NOWAIT, SEM_UNDO). Les retenues servent aussi à regarder l'en-tête au retour du SETALL et
 * à faire échouer un appel (IPC_SET, semget, SETALL) pour voir ce que creer laisse derrière
 * lui ; un programme endormi est suspendu puis relancé (SIGSTOP, SIGCONT) : son appel rend
 * EINTR, et il doit le refaire.
 */
#define _GNU_SOURCE
#include "banc.h"
#include "commun.h" /* union semun, dont semctl a besoin */
#include "flux.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <dirent.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Les gros fichiers des transferts : des centaines de cases (32 tours de l'anneau de 8) et de
 * messages, bien plus que ne tiennent la file et l'anneau. */
#define GROS_ANNEAU (16L << 20)
#define GROS_FILE   (4L << 20)

/* flux(o, "creer", "file") : flux SOUS-COMMANDE CHEMIN ARGS... */
#define FLUX(o, cmd, ...)                                                                          \
	lancer_ex(&(struct lancement){                                                             \
	    .origine = (o),                                                                        \
	    .prog = "flux",                                                                        \
	    .args = (const char *const[]){cmd, chemin_cle(), __VA_ARGS__, NULL}})

/* ---- Fichiers de l'item ---- */

/* Chemin dossier_test()/nom (tampons tournants). */
static const char *fichier(const char *nom)
{
	static char tampons[4][512];
	static int tour;
	char *t = tampons[tour++ % 4];

	snprintf(t, sizeof tampons[0], "%s/%s", dossier_test(), nom);
	return t;
}

/* Chemin d'un fichier que recevoir (étudiant) crée : dossier_test()/sorties/nom. Le dossier
 * de l'item appartient au correcteur ; les programmes tournent sous un autre uid. */
static const char *sortie_recu(const char *nom)
{
	static char t[512];

	snprintf(t, sizeof t, "%s/sorties", dossier_test());
	if (mkdir(t, 0700) == 0)
		BANC(chmod(t, 01777));
	snprintf(t, sizeof t, "%s/sorties/%s", dossier_test(), nom);
	return t;
}

/* Écrit octets octets pseudo-aléatoires (xorshift, graine donnée) dans dossier_test()/nom. */
static const char *donnees(const char *nom, long octets, uint64_t graine)
{
	static uint64_t bloc[8192];
	const char *chemin = fichier(nom);
	int fd = (int)BANC(open(chemin, O_WRONLY | O_CREAT | O_TRUNC, 0644));
	uint64_t x = graine | 1;

	for (long fait = 0; fait < octets;) {
		long n = octets - fait < (long)sizeof bloc ? octets - fait : (long)sizeof bloc;

		for (size_t i = 0; i < NB_ELEMENTS(bloc); i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			bloc[i] = x;
		}
		BANC(write(fd, bloc, (size_t)n) == n ? 0 : -1);
		fait += n;
	}
	BANC(close(fd));
	return chemin;
}

/* Dans un transfert, les programmes de l'étudiant : le producteur, le consommateur, ou les deux. */
enum { PRODUCTEUR = 1, CONSOMMATEUR = 2, LES_DEUX = 3 };

/* Ce que peut vouloir dire une copie plus longue que la source, selon le transport et selon
 * qui, du producteur et du consommateur, est de l'étudiant. */
static const char *piste_trop(bool file, int etudiant)
{
	static const char *const file_p = " (msgsz compte-t-il mtype ?)";
	static const char *const file_c = " (recevoir écrit-il plus que ce que rend msgrcv ?)";
	static const char *const file_2 =
	    " (msgsz compte-t-il mtype ? recevoir écrit-il plus que ce que rend msgrcv ?)";
	static const char *const anneau_p =
	    " : une case incomplète est-elle partie sans être marquée comme la dernière "
	    "(derniere = ecrites, longueur_fin) ? Le consommateur l'écrit alors en entier";
	static const char *const anneau_c =
	    " (la dernière case est-elle écrite en entier au lieu de ses longueur_fin octets ?)";
	static const char *const anneau_2 =
	    " (la dernière case est-elle écrite en entier au lieu de ses longueur_fin octets ? "
	    "une case incomplète part-elle sans être marquée comme la dernière ?)";

	if (etudiant == PRODUCTEUR)
		return file ? file_p : anneau_p;
	if (etudiant == CONSOMMATEUR)
		return file ? file_c : anneau_c;
	return file ? file_2 : anneau_2;
}

/* Ce que peut vouloir dire une copie juste, mais plus courte que la source. */
static const char *piste_court(bool file, int etudiant)
{
	static const char *const file_p =
	    " (le dernier message, incomplet, part-il avant celui de fin ?)";
	static const char *const file_c = " (recevoir s'arrête-t-il avant le message de fin ? "
	                                  "le dernier message incomplet est-il écrit ?)";
	static const char *const anneau_p = " (la fin du flux est-elle marquée trop tôt ? la "
	                                    "dernière case incomplète est-elle remplie ?)";
	static const char *const anneau_c = " (la fin du flux est-elle mal placée ? la dernière "
	                                    "case incomplète est-elle écrite ?)";

	if (etudiant == PRODUCTEUR)
		return file ? file_p : anneau_p;
	return file ? file_c : anneau_c;
}

/*
 * Un écart à une position : recu et source commencent à cette position. Rend d > 0 si la suite
 * reçue est celle de la source d octets plus loin (d octets sautés), d < 0 si elle la retrouve
 * -d octets plus loin (des octets en trop insérés), 0 sinon.
 */
static int decalage(const unsigned char *source, size_t nsource, const unsigned char *recu,
                    size_t nrecu)
{
	enum { FENETRE = 32, MAX_DECALAGE = 64 };

	for (int d = 1; d <= MAX_DECALAGE; d++) {
		if (nsource >= (size_t)d + FENETRE && nrecu >= FENETRE &&
		    memcmp(source + d, recu, FENETRE) == 0)
			return d;
		if (nrecu >= (size_t)d + FENETRE && nsource >= FENETRE &&
		    memcmp(source, recu + d, FENETRE) == 0)
			return -d;
	}
	return 0;
}

/* Ce que peut vouloir dire un écart (décalage d, de decalage()). Tampon statique. */
static const char *piste_ecart(bool file, int d)
{
	static const char *const sans_mtype = " ; msgrcv rend le nombre d'octets du texte seul, "
	                                      "mtype non compté : ne pas lui retirer sizeof(long)";
	static char t[400];

	if (d > 0)
		snprintf(t, sizeof t,
		         " : la suite reçue est celle de la source %d octets plus loin, %d octets "
		         "manquent là%s",
		         d, d, file && d == (int)sizeof(long) ? sans_mtype : "");
	else if (d < 0)
		snprintf(t, sizeof t,
		         " : %d octets en trop sont insérés là, puis la source reprend%s", -d,
		         file && -d == (int)sizeof(long) ? " ; msgsz compte-t-il mtype ?" : "");
	else
		snprintf(t, sizeof t, "%s",
		         " (une case ou un message réécrit avant d'être lu, ou lu deux fois ?)");
	return t;
}

/* Le contenu du fichier chemin (alloué) ; *n : sa taille. */
static unsigned char *lire_tout(const char *chemin, size_t *n)
{
	struct stat st;
	int fd = (int)BANC(open(chemin, O_RDONLY));
	unsigned char *buf;
	size_t lu = 0;

	BANC(fstat(fd, &st));
	buf = BANC_PTR(malloc((size_t)st.st_size + 1));
	while (lu < (size_t)st.st_size) {
		ssize_t r = BANC(read(fd, buf + lu, (size_t)st.st_size - lu));

		if (r == 0)
			break;
		lu += (size_t)r;
	}
	BANC(close(fd));
	*n = lu;
	return buf;
}

/* Exige que obtenu soit une copie exacte de attendu ; dit le premier écart, ou la taille. file :
 * le transport ; etudiant : PRODUCTEUR, CONSOMMATEUR ou LES_DEUX (la piste donnée en dépend). */
static void exiger_copie(const char *attendu, const char *obtenu, const char *quoi, bool file,
                         int etudiant)
{
	struct stat sb;
	unsigned char *a, *b;
	size_t na, nb, k = 0;

	if (stat(obtenu, &sb) == -1)
		echec("Attendu (%s) : recevoir crée le fichier de sortie.\nObservé : il n'existe "
		      "pas.",
		      quoi);
	a = lire_tout(attendu, &na);
	b = lire_tout(obtenu, &nb);
	while (k < na && k < nb && a[k] == b[k])
		k++;
	if (k < na && k < nb) {
		int d = decalage(a + k, na - k, b + k, nb - k);

		echec("Attendu (%s) : une copie exacte de %zu octets.\nObservé : %zu octets reçus, "
		      "un premier écart à l'octet %zu%s.",
		      quoi, na, nb, k, piste_ecart(file, d));
	}
	exiger(na == nb,
	       "Attendu (%s) : une copie exacte de %zu octets.\nObservé : %zu octets reçus, "
	       "identiques au début de la source%s.",
	       quoi, na, nb, nb > na ? piste_trop(file, etudiant) : piste_court(file, etudiant));
	free(a);
	free(b);
	BANC(unlink(obtenu));
}

/*
 * Un gros transfert passe par deux tubes nommés : le correcteur écrit la source dans l'un (que
 * lit envoyer) et vide l'autre (où écrit recevoir) au fil de l'eau, en le comparant à la même
 * suite d'octets, recalculée. Aucun gros fichier : les programmes lancés ne peuvent pas écrire
 * plus de 4 Mio, et « make classe » limite aussi le correcteur. Tout se fait sans bloquer, dans
 * attendre(), qui fait aussi avancer la trace et reconnaît un flux figé.
 */

/* Une suite pseudo-aléatoire d'octets, par blocs de 64 Kio (la même pour une même graine). */
struct suite {
	uint64_t x;
	long reste;      /* octets pas encore produits */
	size_t dans, lg; /* position et longueur du bloc courant */
	uint64_t bloc[8192];
};

static void suite_debut(struct suite *s, uint64_t graine, long taille)
{
	s->x = graine | 1;
	s->reste = taille;
	s->dans = s->lg = 0;
}

/* Les octets suivants du bloc courant (*n : combien) ; 0 à la fin de la suite. */
static const char *suite_octets(struct suite *s, size_t *n)
{
	if (s->dans == s->lg && s->reste > 0) {
		for (size_t i = 0; i < NB_ELEMENTS(s->bloc); i++) {
			s->x ^= s->x << 13;
			s->x ^= s->x >> 7;
			s->x ^= s->x << 17;
			s->bloc[i] = s->x;
		}
		s->lg = s->reste < (long)sizeof s->bloc ? (size_t)s->reste : sizeof s->bloc;
		s->reste -= (long)s->lg;
		s->dans = 0;
	}
	*n = s->lg - s->dans;
	return (const char *)s->bloc + s->dans;
}

struct transfert {
	int entree, sortie; /* le tube que lit envoyer, celui où écrit recevoir */
	const char *chemin_entree;
	struct suite emise, attendue;
	uint64_t graine;
	long taille, recus;
	long ecart;        /* -1, ou position du premier octet différent */
	bool trop;         /* plus d'octets reçus que la source n'en a */
	bool file;         /* le transport : la file, ou l'anneau */
	int etudiant;      /* PRODUCTEUR, CONSOMMATEUR ou LES_DEUX */
	const char *piste; /* ajoutée à un écart (ce que ce transfert-ci éprouve), ou NULL */
	unsigned char apres[128]; /* les octets reçus à partir de l'écart */
	size_t nb_apres;
	struct proc *e, *r;
};

/* Les n octets de la suite de graine (de taille octets) à partir de la position debut, dans
 * buf ; rend combien il y en a. */
static size_t suite_extrait(uint64_t graine, long taille, long debut, unsigned char *buf, size_t n)
{
	static struct suite s;
	size_t pris = 0, m;
	long pos = 0;

	suite_debut(&s, graine, taille);
	while (pris < n) {
		const char *o = suite_octets(&s, &m);

		if (m == 0)
			break;
		if (pos + (long)m > debut) {
			size_t saut = pos < debut ? (size_t)(debut - pos) : 0;
			size_t k = m - saut < n - pris ? m - saut : n - pris;

			memcpy(buf + pris, o + saut, k);
			pris += k;
		}
		pos += (long)m;
		s.dans = s.lg;
	}
	return pris;
}

/* Un tube nommé dossier_test()/sorties/nom, ouvert sans bloquer ; renvoie son chemin. */
static const char *tube(const char *nom, int *fd, int mode)
{
	static char chemins[2][512];
	char *c = chemins[mode == O_RDONLY];

	snprintf(c, sizeof chemins[0], "%s", sortie_recu(nom));
	unlink(c);
	BANC(mkfifo(c, 0600));
	BANC(chmod(c, 0666));
	/* O_RDWR pour l'entrée : l'ouverture n'attend pas de lecteur, et envoyer trouve un
	 * écrivain dès qu'il ouvre. */
	*fd = (int)BANC(open(c, mode | O_NONBLOCK | O_CLOEXEC));
	BANC(fcntl(*fd, F_SETPIPE_SZ, 1 << 20));
	return c;
}

/* Vrai si p a ouvert le fichier chemin en lecture (ou a fini) : on peut fermer l'entrée.
 * Entre fork et exec, le fils a encore le descripteur du correcteur (O_RDWR, O_CLOEXEC) : seul
 * un descripteur en lecture seule est celui du programme. */
static bool a_ouvert(const struct proc *p, const char *chemin)
{
	char dossier[64], lien[600], cible[600], *info;
	struct dirent *d;
	DIR *rep;
	bool vu = false;

	if (termine(p))
		return true;
	snprintf(dossier, sizeof dossier, "/proc/%d/fd", (int)pid_hote(p));
	rep = opendir(dossier);
	if (rep == NULL)
		return false;
	while (!vu && (d = readdir(rep)) != NULL) {
		ssize_t n;
		unsigned long drapeaux;
		char quoi[300];

		snprintf(lien, sizeof lien, "%s/%s", dossier, d->d_name);
		n = readlink(lien, cible, sizeof cible - 1);
		if (n <= 0)
			continue;
		cible[n] = '\0';
		if (strcmp(cible, chemin) != 0)
			continue;
		snprintf(quoi, sizeof quoi, "fdinfo/%s", d->d_name);
		info = lire_proc(p, quoi);
		if (info && strstr(info, "flags:") &&
		    sscanf(strstr(info, "flags:") + 6, "%lo", &drapeaux) == 1)
			vu = (drapeaux & O_ACCMODE) == O_RDONLY;
		free(info);
	}
	closedir(rep);
	return vu;
}

/* Fait avancer le transfert : écrit dans l'entrée, lit et compare la sortie. Vrai quand
 * recevoir a fini et que tout ce qu'il a écrit est lu. */
static bool avancer(void *arg)
{
	static char b[1 << 16];
	struct transfert *t = arg;
	size_t n;
	const char *p;

	while (t->entree != -1 && (p = suite_octets(&t->emise, &n), n > 0)) {
		ssize_t w = write(t->entree, p, n);

		if (w == -1 && errno == EAGAIN)
			break;
		BANC(w);
		t->emise.dans += (size_t)w;
	}
	if (t->entree != -1 && n == 0 && a_ouvert(t->e, t->chemin_entree)) {
		BANC(close(t->entree)); /* envoyer lit alors la fin du fichier */
		t->entree = -1;
	}
	for (;;) {
		/* Fini avant la lecture : tout ce que recevoir a écrit est dans le tube. Regardé
		 * après, une lecture vide (recevoir pas encore ouvert) suivie de tout le flux écrit
		 * et de sa fin passerait pour un flux vide. */
		bool fini = termine(t->r);
		ssize_t lus = read(t->sortie, b, sizeof b);

		if (lus == -1 && errno == EAGAIN)
			return false;
		BANC(lus);
		if (lus == 0)
			return fini;
		for (ssize_t k = 0; k < lus && !t->trop;) {
			const char *a = suite_octets(&t->attendue, &n);
			size_t m = n < (size_t)(lus - k) ? n : (size_t)(lus - k);

			if (n == 0) {
				t->trop = true;
				break;
			}
			if (t->ecart < 0 && memcmp(a, b + k, m) != 0)
				for (size_t q = 0; q < m && t->ecart < 0; q++)
					if (a[q] != b[k + (ssize_t)q])
						t->ecart = t->recus + (long)q;
			/* Les octets reçus après l'écart : d'où vient la suite (decalage). */
			for (long pos = t->ecart > t->recus ? t->ecart : t->recus;
			     t->ecart >= 0 && pos < t->recus + (long)m &&
			     t->nb_apres < sizeof t->apres;
			     pos++)
				t->apres[t->nb_apres++] = (unsigned char)b[k + (pos - t->recus)];
			t->attendue.dans += m;
			t->recus += (long)m;
			k += (ssize_t)m;
		}
	}
}

/* Attend la fin du transfert ; exige une copie exacte de la source. */
static void exiger_copie_exacte(struct transfert *t, const char *quoi)
{
	bool fini = attendre(avancer, t, delai(20000)), en_cause;

	if (t->entree != -1)
		BANC(close(t->entree));
	BANC(close(t->sortie));
	/* recevoir a fini : envoyer, qui a déjà envoyé la fin du flux, finit aussi. L'attendre
	 * rend le retour qui suit indépendant de l'ordonnancement (encore en vie ou non). */
	if (fini)
		attendre_fin_sobre(t->e, delai(DELAI_COURT));
	if (!fini && termine(t->e) && code_sortie(t->e) != 0) {
		montrer(t->e);
		echec("Attendu (%s) : envoyer envoie tout le fichier, puis la fin du flux.\n"
		      "Observé : %s.",
		      quoi, decrire(t->e));
	}
	/* recevoir pas fini, ou sorti en erreur (ou tué) avant la fin du flux : sa fin l'explique
	 * (fini implique que recevoir est terminé). */
	en_cause = !fini || (t->recus != t->taille && code_sortie(t->r) != 0);
	if (en_cause)
		montrer(t->r);
	if (en_cause && t->trop)
		echec("Attendu (%s) : recevoir écrit tout le flux, puis se termine (code 0).\n"
		      "Observé : %s après plus de %ld octets reçus, plus que la source%s.",
		      quoi, decrire(t->r), t->taille, piste_trop(t->file, t->etudiant));
	exiger(!en_cause,
	       "Attendu (%s) : recevoir écrit tout le flux, puis se termine (code 0).\nObservé : "
	       "%s après %ld octets reçus sur %ld%s.",
	       quoi, decrire(t->r), t->recus, t->taille,
	       !(termine(t->r) && code_sortie(t->r) > 0) && t->recus == t->taille && t->ecart < 0
	           ? (t->file
	                  ? " : tout le fichier est arrivé, mais pas la fin du flux (le message "
	                    "vide de type TYPE_FIN)"
	                  : " : tout le fichier est arrivé, mais pas la fin du flux (la "
	                    "dernière case, incomplète, de 0 octet quand le fichier est un "
	                    "multiple de TAILLE, désignée par derniere = son numéro + 1)")
	           : "");
	if (t->ecart >= 0) {
		static unsigned char source[sizeof t->apres];
		size_t n = suite_extrait(t->graine, t->taille, t->ecart, source, sizeof source);
		int d = decalage(source, n, t->apres, t->nb_apres);

		/* Sans décalage, la piste de ce transfert-ci remplace la piste générale. */
		echec("Attendu (%s) : une copie exacte.\nObservé : un premier écart à l'octet "
		      "%ld%s.%s",
		      quoi, t->ecart, d == 0 && t->piste ? "" : piste_ecart(t->file, d),
		      t->piste ? t->piste : "");
	}
	exiger(!t->trop && t->recus == t->taille,
	       "Attendu (%s) : une copie exacte de %ld octets.\nObservé : %s%ld octets reçus%s.",
	       quoi, t->taille, t->trop ? "plus de " : "", t->recus,
	       t->trop ? piste_trop(t->file, t->etudiant) : piste_court(t->file, t->etudiant));
}

/* ---- Lire le flux de l'extérieur ---- */

struct anneau_vu {
	bool existe;
	int shmid, semid;
	size_t segsz;
	unsigned mode_shm, mode_sem, nsems;
	int val[NB_SEMS], ncnt[NB_SEMS], zcnt[NB_SEMS];
	struct entete e;
};

static const char *const noms_sems[NB_SEMS] = {"mutex", "vides", "pleines"};

static struct anneau_vu lire_anneau(void)
{
	struct anneau_vu a = {.shmid = shmget(cle(ID_ANNEAU), 0, 0)};
	struct shmid_ds ds;
	struct semid_ds sds;
	union semun arg = {.buf = &sds};
	struct entete *e;

	a.semid = semget(cle(ID_ANNEAU), 0, 0);
	if (a.shmid == -1 || a.semid == -1 || shmctl(a.shmid, IPC_STAT, &ds) == -1 ||
	    semctl(a.semid, 0, IPC_STAT, arg) == -1)
		return a;
	a.segsz = ds.shm_segsz;
	a.mode_shm = ds.shm_perm.mode & 0777;
	a.mode_sem = sds.sem_perm.mode & 0777;
	a.nsems = (unsigned)sds.sem_nsems;
	if (a.nsems != NB_SEMS)
		return a;
	for (int s = 0; s < NB_SEMS; s++) {
		a.val[s] = semctl(a.semid, s, GETVAL);
		a.ncnt[s] = semctl(a.semid, s, GETNCNT);
		a.zcnt[s] = semctl(a.semid, s, GETZCNT);
	}
	if (a.segsz >= sizeof(struct entete)) {
		e = BANC_PTR(shmat(a.shmid, NULL, SHM_RDONLY));
		a.e = *e;
		BANC(shmdt(e));
	}
	a.existe = true;
	return a;
}

/* « mutex 1, vides 0 (GETNCNT 1), pleines 4 ; écrites 4, lues 0 » (tampons tournants). */
static const char *decrire_anneau(const struct anneau_vu *a)
{
	static char tampons[4][300];
	static int tour;
	struct texte s = texte_sur(tampons[tour++ % 4], sizeof tampons[0]);

	if (!a->existe) {
		texte_ajouter(&s,
		              "pas d'anneau complet (segment et 3 sémaphores) pour ftok(CHEMIN, "
		              "'%c')",
		              ID_ANNEAU);
		return s.buf;
	}
	for (int k = 0; k < NB_SEMS; k++) {
		texte_ajouter(&s, "%s%s %d", k ? ", " : "", noms_sems[k], a->val[k]);
		if (a->ncnt[k] > 0)
			texte_ajouter(&s, " (GETNCNT %d)", a->ncnt[k]);
		if (a->zcnt[k] > 0)
			texte_ajouter(&s, " (GETZCNT %d, attente de zéro)", a->zcnt[k]);
	}
	texte_ajouter(&s, " ; écrites %llu, lues %llu", (unsigned long long)a->e.ecrites,
	              (unsigned long long)a->e.lues);
	return s.buf;
}

struct file_vue {
	bool existe;
	int id;
	unsigned mode;
	unsigned long octets, max, messages;
};

static struct file_vue lire_file(void)
{
	struct file_vue f = {.id = msgget(cle(ID_FILE), 0)};
	struct msqid_ds ds;

	if (f.id == -1 || msgctl(f.id, IPC_STAT, &ds) == -1)
		return f;
	f.existe = true;
	f.mode = ds.msg_perm.mode & 0777;
	f.octets = ds.msg_cbytes;
	f.max = ds.msg_qbytes;
	f.messages = ds.msg_qnum;
	return f;
}

/* ---- Mises en place par la référence ---- */

static void creer_anneau_ref(const char *n, const char *taille)
{
	exiger_code(FLUX(REFERENCE, "creer", "anneau", n, taille), 0,
	            "Attendu : la référence crée l'anneau de départ (code 0).");
}

static void creer_file_ref(void)
{
	exiger_code(FLUX(REFERENCE, "creer", "file"), 0,
	            "Attendu : la référence crée la file de départ (code 0).");
}

/* Attend la fin d'un transfert (long : des milliers d'appels tracés) et exige le code 0. */
static void exiger_transfert(struct proc *p, const char *quoi)
{
	if (!attendre_fin_sobre(p, delai(DELAI_COURT)) || code_sortie(p) != 0) {
		montrer(p);
		echec("Attendu (%s) : le programme se termine avec le code 0.\nObservé : %s.", quoi,
		      decrire(p));
	}
}

/* Le premier appel IPC_NOWAIT (semop, msgsnd, msgrcv) de p ; NULL s'il n'y en a pas. */
static const struct appel_ipc *appel_nowait(const struct proc *p)
{
	static const struct appel_ipc *t[4096];
	size_t n = appels_ipc(p, t, NB_ELEMENTS(t));

	for (size_t i = 0; i < n && i < NB_ELEMENTS(t); i++) {
		const struct appel_ipc *a = t[i];

		if (a->nr == SYS_semop || a->nr == SYS_semtimedop) {
			for (size_t k = 0; k < a->sops_lus; k++)
				if (a->sops[k].sem_flg & IPC_NOWAIT)
					return a;
		} else if (a->nr == SYS_msgsnd && (a->arg[3] & IPC_NOWAIT)) {
			return a;
		} else if (a->nr == SYS_msgrcv && (a->arg[4] & IPC_NOWAIT)) {
			return a;
		}
	}
	return NULL;
}

/* Exige que p dorme dans l'appel nr ; sinon dit s'il calcule, et l'IPC_NOWAIT s'il y en a. */
static void exiger_endormi(struct proc *p, long nr, const char *attendu)
{
	const struct appel_ipc *a;

	if (attendre_bloque(p, nr, delai(DELAI_COURT)))
		return;
	montrer(p);
	a = trace_active(p) ? appel_nowait(p) : NULL;
	if (a != NULL)
		echec("%s\nObservé : %s, après « %s » : IPC_NOWAIT fait revenir l'appel aussitôt ; "
		      "relancé en boucle, il brûle le processeur au lieu de laisser le noyau "
		      "endormir le processus (attente active).",
		      attendu, decrire(p), decrire_appel(a));
	echec("%s\nObservé : %s.", attendu, decrire(p));
}

/* Retient p avant son premier appel nr (msgctl, semctl) de commande cmd ; faux s'il n'y en a
 * pas parmi ses premiers appels nr. */
static bool retenir_commande(struct proc *p, long nr, int cmd, struct retenue *r)
{
	for (int rang = 1; rang <= 16; rang++) {
		*r = retenir(p, &(struct motif){.appel = nr, .rang = rang});
		if (!attendre_retenu(*r, delai(DELAI_COURT)))
			return false;
		if (appel_retenu(*r) != NULL && appel_retenu(*r)->cmd == cmd)
			return true;
		relacher(*r);
	}
	return false;
}

/* Suspend p (SIGSTOP) puis le relance (SIGCONT) pendant qu'il dort dans l'appel nr, qui rend
 * alors EINTR sans rien appliquer ; exige qu'il le refasse et se rendorme. */
static void exiger_reprise_eintr(struct proc *p, long nr, const char *qui)
{
	const char *appel = nr == SYS_semop ? "semop" : nr == SYS_msgsnd ? "msgsnd" : "msgrcv";

	etape("%s suspendu (SIGSTOP) puis relancé (SIGCONT) pendant qu'il dort dans %s : l'appel "
	      "rend EINTR",
	      qui, appel);
	suspendre(p);
	reprendre(p);
	if (attendre_bloque(p, nr, delai(DELAI_COURT)))
		return;
	montrer(p);
	echec("Attendu : suspendu puis relancé, %s refait le %s que EINTR a interrompu (rien n'y a "
	      "été appliqué) et se rendort.\nObservé : %s.%s",
	      qui, appel, decrire(p),
	      termine(p)
	          ? " semop, msgsnd et msgrcv rendent -1 avec errno EINTR quand un signal "
	            "interrompt l'attente, même SIGSTOP puis SIGCONT : recommencez l'appel "
	            "tant qu'il échoue avec EINTR ; seuls EIDRM et EINVAL disent que le flux "
	            "a disparu."
	          : "");
}

/* Le premier semop de p qui passe SEM_UNDO à une opération sur vides ou pleines ; NULL sinon. */
static const struct appel_ipc *undo_sur_compteur(const struct proc *p)
{
	static const struct appel_ipc *t[4096];
	size_t n = appels_ipc(p, t, NB_ELEMENTS(t));

	for (size_t i = 0; i < n && i < NB_ELEMENTS(t); i++)
		for (size_t k = 0; k < t[i]->sops_lus; k++)
			if (t[i]->sops[k].sem_num != MUTEX && t[i]->sops[k].sem_op != 0 &&
			    (t[i]->sops[k].sem_flg & SEM_UNDO))
				return t[i];
	return NULL;
}

/* Le premier semop de p dont une opération est nulle (sem_op = 0) ; NULL s'il n'y en a pas. */
static const struct appel_ipc *operation_nulle(const struct proc *p)
{
	static const struct appel_ipc *t[256];
	size_t n = appels_ipc(p, t, NB_ELEMENTS(t));

	for (size_t i = 0; i < n && i < NB_ELEMENTS(t); i++)
		for (size_t k = 0; k < t[i]->sops_lus; k++)
			if ((t[i]->nr == SYS_semop || t[i]->nr == SYS_semtimedop) &&
			    t[i]->sops[k].sem_op == 0)
				return t[i];
	return NULL;
}

/* ---- Items ---- */

/* Exige, dans la trace de p, un IPC_STAT avant le premier IPC_SET réussi, et un après. mode :
 * les droits de la file créée. */
static void exiger_stat_set_stat(const struct proc *p, unsigned mode)
{
	static const struct appel_ipc *t[64];
	static char droits[80];
	size_t n = appels_ipc(p, t, NB_ELEMENTS(t));
	const struct appel_ipc *set = NULL;
	bool avant = false, apres = false;

	for (size_t i = 0; i < n && i < NB_ELEMENTS(t); i++) {
		if (t[i]->nr != SYS_msgctl || t[i]->retour != 0)
			continue;
		if (t[i]->cmd == IPC_SET && set == NULL)
			set = t[i];
		else if (t[i]->cmd == IPC_STAT && set == NULL)
			avant = true;
		else if (t[i]->cmd == IPC_STAT)
			apres = true;
	}
	exiger(set != NULL,
	       "Attendu : msg_qbytes réglé par msgctl(IPC_SET).\nObservé : aucun IPC_SET réussi "
	       "dans la trace.");
	snprintf(droits, sizeof droits, " : les droits de la file sont devenus %03o", mode);
	exiger(avant,
	       "Attendu : msgctl(IPC_STAT) avant IPC_SET, pour partir de la structure de la file : "
	       "IPC_SET en recopie msg_qbytes, mais aussi msg_perm (uid, gid, droits).\nObservé : "
	       "« %s » sans IPC_STAT avant%s.",
	       decrire_appel(set), mode != 0600 ? droits : "");
	exiger(apres,
	       "Attendu : msg_qbytes relu par msgctl(IPC_STAT) après IPC_SET : creer affiche la "
	       "valeur que la file a vraiment.\nObservé : aucun IPC_STAT après « %s » : la valeur "
	       "affichée est celle de la structure passée à IPC_SET, pas celle de la file.",
	       decrire_appel(set));
}

/* Le premier IPC_SET de p s'il a échoué sans IPC_STAT avant lui, ou NULL. */
static const struct appel_ipc *set_rate_sans_stat(const struct proc *p)
{
	static const struct appel_ipc *t[64];
	size_t n = appels_ipc(p, t, NB_ELEMENTS(t));

	for (size_t i = 0; i < n && i < NB_ELEMENTS(t); i++) {
		if (t[i]->nr != SYS_msgctl)
			continue;
		if (t[i]->cmd == IPC_STAT && t[i]->retour == 0)
			return NULL;
		if (t[i]->cmd == IPC_SET)
			return t[i]->retour == -1 ? t[i] : NULL;
	}
	return NULL;
}

static void verifier_creation_file(void)
{
	const struct appel_ipc *set;
	struct proc *p;
	struct file_vue f;
	struct retenue r;

	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	etape("flux creer CHEMIN file 12288 (étudiant), puis IPC_STAT");
	p = FLUX(ETUDIANT, "creer", "file", "12288");
	/* Hors root, une structure qui n'est pas celle de la file est refusée (EPERM, EINVAL). */
	if (attendre_fin(p, delai(DELAI_COURT)) && code_sortie(p) != 0 &&
	    (set = set_rate_sans_stat(p)) != NULL) {
		montrer(p);
		echec("Attendu : « flux creer CHEMIN file 12288 » réussit (code 0) ; "
		      "msgctl(IPC_STAT) "
		      "avant IPC_SET, pour partir de la structure de la file : IPC_SET en recopie "
		      "msg_qbytes, mais aussi msg_perm (uid, gid, droits).\nObservé : %s, après "
		      "« %s » sans IPC_STAT avant : la structure passée n'était pas celle de la "
		      "file.",
		      decrire(p), decrire_appel(set));
	}
	exiger_code(p, 0, "Attendu : « flux creer CHEMIN file 12288 » réussit (code 0).");
	f = lire_file();
	exiger(f.existe,
	       "Attendu : une file de clé ftok(CHEMIN, '%c').\nObservé : aucune file (%s).",
	       ID_FILE,
	       objets_restants()[0] ? "un objet d'une autre clé ou d'un autre genre" : "rien");
	if (trace_ou_dire(p, "IPC_STAT avant et après IPC_SET"))
		exiger_stat_set_stat(p, f.mode);
	exiger(f.mode == 0600, "Attendu : droits 0600.\nObservé : %03o.", f.mode);
	exiger(f.max == 12288,
	       "Attendu : msg_qbytes = 12288 (IPC_STAT, puis IPC_SET).\nObservé : %lu.", f.max);
	exiger(strstr(sortie(p), "12288") != NULL,
	       "Attendu : creer affiche msg_qbytes relu (12288).\nObservé : « %s ».", sortie(p));
	supprimer_objets();

	etape("flux creer CHEMIN file (étudiant) : OCTETS par défaut");
	exiger_code(FLUX(ETUDIANT, "creer", "file", NULL), 0,
	            "Attendu : « flux creer CHEMIN file » réussit (code 0).");
	f = lire_file();
	exiger(f.existe && f.max == OCTETS_DEFAUT,
	       "Attendu : msg_qbytes = %d par défaut.\nObservé : %s %lu.", OCTETS_DEFAUT,
	       f.existe ? "msg_qbytes" : "pas de file,", f.max);
	supprimer_objets();

	etape("flux creer CHEMIN file 16384 (étudiant) ; le banc fait échouer son IPC_SET (EPERM, "
	      "comme au-delà de msgmnb sans privilège)");
	p = FLUX(ETUDIANT, "creer", "file", "16384");
	if (!trace_ou_dire(p, "IPC_SET en échec")) {
		exiger_code(p, 0, "Attendu : « flux creer CHEMIN file 16384 » réussit (code 0).");
		restes_attendus();
		return;
	}
	exiger(retenir_commande(p, SYS_msgctl, IPC_SET, &r),
	       "Attendu : creer règle msg_qbytes par msgctl(IPC_SET).\nObservé : %s sans IPC_SET.",
	       decrire(p));
	relacher_en_echec(r, EPERM);
	exiger_code(
	    p, 1,
	    "Attendu : quand IPC_SET échoue, creer le dit sur la sortie d'erreur et sort avec "
	    "le code 1.");
	f = lire_file();
	exiger(
	    !f.existe,
	    "Attendu : quand IPC_SET échoue (EPERM), creer supprime la file qu'il vient de créer "
	    "(msgctl(IPC_RMID)) avant de quitter : rien de créé à moitié.\nObservé : la file "
	    "reste (msg_qbytes %lu) : le creer suivant serait refusé (EEXIST).",
	    f.max);
}

/* Exige un seul SETALL dans la trace de p, de valeurs 1, n, 0, et aucun SETVAL. */
static void exiger_setall(const struct proc *p, int n)
{
	static const struct appel_ipc *t[256];
	size_t nb = appels_ipc(p, t, NB_ELEMENTS(t));
	const struct appel_ipc *setall = NULL;
	int nb_setall = 0;

	for (size_t i = 0; i < nb && i < NB_ELEMENTS(t); i++) {
		if (t[i]->nr != SYS_semctl)
			continue;
		exiger(t[i]->cmd != SETVAL,
		       "Attendu : les 3 sémaphores initialisés par un seul semctl(SETALL).\n"
		       "Observé : « %s » : un SETVAL par sémaphore laisse un instant où l'ensemble "
		       "est à moitié initialisé.",
		       decrire_appel(t[i]));
		if (t[i]->cmd == SETALL && t[i]->retour == 0) {
			nb_setall++;
			setall = t[i];
		}
	}
	exiger(nb_setall == 1, "Attendu : exactement un semctl(SETALL) réussi.\nObservé : %d.",
	       nb_setall);
	exiger(setall->nb_valeurs == NB_SEMS && setall->valeurs[MUTEX] == 1 &&
	           setall->valeurs[VIDES] == n && setall->valeurs[PLEINES] == 0,
	       "Attendu : SETALL {mutex 1, vides %d, pleines 0}.\nObservé : « %s ».", n,
	       decrire_appel(setall));
}

/* Exige qu'il ne reste ni segment ni ensemble de l'anneau après l'échec de appel. */
static void exiger_rien_laisse(const char *appel)
{
	struct objet_ipc o;
	bool seg = trouver_objet(SEGMENT, cle(ID_ANNEAU), &o);
	bool sem = trouver_objet(SEMAPHORES, cle(ID_ANNEAU), &o);

	exiger(
	    !seg && !sem,
	    "Attendu : quand %s échoue, creer supprime ce qu'il a déjà créé (shmctl, semctl "
	    "IPC_RMID) avant de quitter : rien de créé à moitié.\nObservé : %s : le creer suivant "
	    "serait refusé (EEXIST).",
	    appel,
	    seg && sem ? "le segment et l'ensemble restent"
	    : seg      ? "le segment reste"
	               : "l'ensemble reste");
}

/* p (creer anneau) retenu avant l'appel de motif m, qui échoue (errno err) : exige code 1 et
 * rien de laissé. */
static void exiger_echec_propre(struct proc *p, const struct motif *m, int err, const char *appel)
{
	struct retenue r = retenir(p, m);
	char attendu[200];

	snprintf(attendu, sizeof attendu, "Attendu : creer anneau appelle %s.", appel);
	exiger_retenu(r, attendu);
	relacher_en_echec(r, err);
	snprintf(attendu, sizeof attendu,
	         "Attendu : quand %s échoue, creer le dit sur la sortie d'erreur et sort avec le "
	         "code 1.",
	         appel);
	exiger_code(p, 1, attendu);
	exiger_rien_laisse(appel);
}

static void verifier_creation_anneau(void)
{
	static const struct {
		const char *n, *taille;
	} cas[] = {{"5", "1000"}, {"3", "65536"}};
	struct proc *p;
	struct anneau_vu a;
	struct retenue r;

	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	for (size_t c = 0; c < NB_ELEMENTS(cas); c++) {
		long n = atol(cas[c].n), taille = atol(cas[c].taille);
		size_t octets = sizeof(struct entete) + (size_t)(n * taille);

		etape("flux creer CHEMIN anneau %s %s (étudiant), puis IPC_STAT, GETVAL, l'en-tête",
		      cas[c].n, cas[c].taille);
		p = FLUX(ETUDIANT, "creer", "anneau", cas[c].n, cas[c].taille);
		exiger_trace(p);
		/* Retenu au retour de son SETALL : l'en-tête doit déjà être écrit. */
		r = retenir(
		    p, &(struct motif){.appel = SYS_semctl, .apres = true, .initialise = true});
		if (attendre_retenu(r, delai(DELAI_COURT))) {
			a = lire_anneau();
			exiger(
			    a.segsz < sizeof(struct entete) || (a.e.n == n && a.e.taille == taille),
			    "Attendu : l'en-tête écrit (n = %ld, taille = %ld) avant le SETALL : "
			    "dès que vides vaut N, un producteur peut entrer et y lire n et "
			    "taille.\n"
			    "Observé : retenu juste après « %s », l'en-tête dit encore n = %u, "
			    "taille = %u : le SETALL vient avant l'écriture de l'en-tête.",
			    n, taille, decrire_appel(appel_retenu(r)), a.e.n, a.e.taille);
			relacher(r);
		}
		exiger_code(p, 0,
		            "Attendu : « flux creer CHEMIN anneau N TAILLE » réussit (code 0).");
		a = lire_anneau();
		exiger(
		    a.shmid != -1 && a.semid != -1,
		    "Attendu : un segment et un ensemble de sémaphores de clé ftok(CHEMIN, '%c')."
		    "\nObservé : %s%s.",
		    ID_ANNEAU, a.shmid == -1 ? "pas de segment " : "",
		    a.semid == -1 ? "pas d'ensemble" : "");
		exiger(
		    a.segsz == octets,
		    "Attendu : un segment de sizeof(struct entete) + N × TAILLE = %zu + %ld = %zu "
		    "octets.\nObservé : %zu octets%s.",
		    sizeof(struct entete), n * taille, octets, a.segsz,
		    a.segsz == (size_t)(n * taille) ? " : l'en-tête n'est pas compté"
		    : a.segsz == (size_t)(n * taille) + sizeof(struct entete *)
		        ? " : l'en-tête compté comme un pointeur (sizeof(struct entete *), 8 "
		          "octets) au lieu de sizeof(struct entete)"
		        : "");
		exiger(a.nsems == NB_SEMS,
		       "Attendu : 3 sémaphores (mutex, vides, pleines).\n"
		       "Observé : %u.",
		       a.nsems);
		exiger(
		    a.mode_shm == 0600 && a.mode_sem == 0600,
		    "Attendu : droits 0600 pour le segment et l'ensemble.\nObservé : %03o et %03o.",
		    a.mode_shm, a.mode_sem);
		exiger(a.val[MUTEX] == 1 && a.val[VIDES] == n && a.val[PLEINES] == 0,
		       "Attendu : mutex 1, vides %ld, pleines 0.\nObservé : %s.", n,
		       decrire_anneau(&a));
		exiger(
		    a.e.n == n && a.e.taille == taille && a.e.ecrites == 0 && a.e.lues == 0 &&
		        a.e.derniere == 0,
		    "Attendu : l'en-tête n = %ld, taille = %ld, compteurs à 0.\nObservé : n = %u, "
		    "taille = %u, écrites %llu, lues %llu, dernière %llu.",
		    n, taille, a.e.n, a.e.taille, (unsigned long long)a.e.ecrites,
		    (unsigned long long)a.e.lues, (unsigned long long)a.e.derniere);
		exiger_setall(p, (int)n);
		supprimer_objets();
	}

	etape("flux creer CHEMIN anneau 4 4096 (étudiant) ; le banc fait échouer son semget "
	      "(ENOSPC : plus d'ensemble disponible)");
	p = FLUX(ETUDIANT, "creer", "anneau", "4", "4096");
	exiger_echec_propre(p, &(struct motif){.appel = SYS_semget}, ENOSPC, "semget");
	etape("flux creer CHEMIN anneau 4 4096 (étudiant) ; le banc fait échouer son SETALL "
	      "(ERANGE)");
	p = FLUX(ETUDIANT, "creer", "anneau", "4", "4096");
	exiger_echec_propre(p, &(struct motif){.appel = SYS_semctl, .initialise = true}, ERANGE,
	                    "semctl(SETALL)");
}

static void verifier_deja_cree(void)
{
	struct anneau_vu avant, apres;
	struct file_vue fa, fb;
	struct proc *p;

	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	etape("référence : flux creer CHEMIN anneau 4 4096 ; puis creer anneau (étudiant)");
	creer_anneau_ref("4", "4096");
	avant = lire_anneau();
	p = FLUX(ETUDIANT, "creer", "anneau", "4", "4096");
	exiger_code(p, 1, "Attendu : creer échoue (code 1) quand l'anneau existe (IPC_EXCL).");
	exiger(erreurs(p)[0] != '\0', "Attendu : un message sur la sortie d'erreur.\nObservé : "
	                              "rien.");
	apres = lire_anneau();
	exiger(apres.existe && apres.shmid == avant.shmid && apres.semid == avant.semid &&
	           apres.val[VIDES] == 4,
	       "Attendu : l'anneau existant intact (segment %d, ensemble %d, %s).\nObservé : "
	       "segment %d, ensemble %d, %s. Sur EEXIST, ne rien supprimer ni réinitialiser.",
	       avant.shmid, avant.semid, decrire_anneau(&avant), apres.shmid, apres.semid,
	       decrire_anneau(&apres));
	supprimer_objets();

	etape("référence : flux creer CHEMIN file ; puis creer file 8192 (étudiant)");
	creer_file_ref();
	fa = lire_file();
	p = FLUX(ETUDIANT, "creer", "file", "8192");
	exiger_code(p, 1, "Attendu : creer échoue (code 1) quand la file existe (IPC_EXCL).");
	fb = lire_file();
	exiger(fb.existe && fb.id == fa.id && fb.max == fa.max,
	       "Attendu : la file existante intacte (id %d, msg_qbytes %lu).\nObservé : id %d, "
	       "msg_qbytes %lu.",
	       fa.id, fa.max, fb.id, fb.max);
	restes_attendus();
}

/* Exige la file vide une fois un flux passé : recevoir lit tout, message de fin compris. */
static void exiger_file_videe(const char *quoi)
{
	struct file_vue f = lire_file();

	exiger(!f.existe || f.messages == 0,
	       "Attendu (%s) : la file vide une fois le flux passé : recevoir lit tous les "
	       "messages, jusqu'au message de fin compris.\nObservé : %lu message(s) (%lu octets) "
	       "restent dans la file%s.",
	       quoi, f.messages, f.octets,
	       f.messages == 1 && f.octets == 0
	           ? " : le message vide de fin (TYPE_FIN), que recevoir n'a pas lu ; le flux "
	             "suivant par cette file finirait aussitôt, sans rien copier"
	           : "");
}

/*
 * Un transfert de taille octets (suite de graine) par le flux existant : envoi et reception
 * disent de qui sont envoyer et recevoir, envoi_d_abord lequel est lancé le premier. Exige une
 * copie exacte et les deux programmes finis (code 0) ; par la file, la file vide ensuite.
 */
static void un_transfert(long taille, uint64_t graine, bool file, enum origine envoi,
                         enum origine reception, bool envoi_d_abord, const char *quoi,
                         const char *piste)
{
	static struct transfert t;
	const char *sortie_t, *entree_t;

	t = (struct transfert){
	    .taille = taille, .ecart = -1, .graine = graine, .file = file, .piste = piste};
	t.etudiant =
	    (envoi == ETUDIANT ? PRODUCTEUR : 0) | (reception == ETUDIANT ? CONSOMMATEUR : 0);
	suite_debut(&t.emise, graine, taille);
	suite_debut(&t.attendue, graine, taille);
	entree_t = tube("source", &t.entree, O_RDWR);
	sortie_t = tube("recu", &t.sortie, O_RDONLY);
	t.chemin_entree = entree_t;
	etape("%s (envoyer lit un tube que le correcteur remplit, recevoir écrit dans un tube "
	      "que le correcteur compare à la source)",
	      quoi);
	if (envoi_d_abord) {
		t.e = FLUX(envoi, "envoyer", entree_t);
		t.r = FLUX(reception, "recevoir", sortie_t);
	} else {
		t.r = FLUX(reception, "recevoir", sortie_t);
		t.e = FLUX(envoi, "envoyer", entree_t);
	}
	exiger_copie_exacte(&t, quoi);
	exiger_transfert(t.e, quoi);
	exiger_transfert(t.r, quoi);
	if (file)
		exiger_file_videe(quoi);
}

/*
 * Trois transferts du fichier source : envoyer étudiant lancé d'abord, recevoir référence ;
 * recevoir étudiant d'abord, envoyer référence ; puis les deux de l'étudiant.
 */
static void trois_transferts(long taille, uint64_t graine, void (*creer)(void), bool file,
                             const char *transport)
{
	static const struct {
		enum origine envoi, reception;
		bool envoi_d_abord;
		const char *quoi;
	} cas[] = {
	    {ETUDIANT, REFERENCE, true, "envoyer (étudiant) lancé d'abord, recevoir (référence)"},
	    {REFERENCE, ETUDIANT, false, "recevoir (étudiant) lancé d'abord, envoyer (référence)"},
	    {ETUDIANT, ETUDIANT, false, "recevoir puis envoyer, tous deux de l'étudiant"},
	};

	for (size_t c = 0; c < NB_ELEMENTS(cas); c++) {
		char quoi[200];

		snprintf(quoi, sizeof quoi, "%s, %s", transport, cas[c].quoi);
		creer();
		un_transfert(taille, graine, file, cas[c].envoi, cas[c].reception,
		             cas[c].envoi_d_abord, quoi, NULL);
		supprimer_objets();
	}
}

static void creer_file_item(void)
{
	creer_file_ref();
}

static void creer_anneau_item(void)
{
	creer_anneau_ref("8", "65536");
}

static void verifier_transfert_file(void)
{
	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	trois_transferts(GROS_FILE + 1234, 41, creer_file_item, true, "file, 4 Mio + 1234 octets");
	trois_transferts(0, 1, creer_file_item, true, "file, un fichier vide");
}

/* Ce qu'éprouvent les flux qui suivent le premier sur un même anneau. */
static const char piste_flux_suivant[] =
    " Ce flux ne commence pas à la case 0 : écrites et lues ne font que croître d'un flux à "
    "l'autre, et la case numéro k est à cases + (k % n) × taille, k lu dans l'en-tête "
    "(ecrites pour le producteur, lues pour le consommateur), pas compté depuis 0 par le "
    "programme.";

static void verifier_transfert_anneau(void)
{
	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	trois_transferts(GROS_ANNEAU, 42, creer_anneau_item, false,
	                 "anneau 8 × 65536, 16 Mio (un multiple exact de TAILLE)");
	trois_transferts(3 * 65536 + 77, 43, creer_anneau_item, false,
	                 "anneau 8 × 65536, 3 cases + 77 octets");
	/* Des flux de moins de 8 cases : aucun ne fait le tour de l'anneau, l'ordre d'arrivée des
	 * cases n'y change rien. */
	creer_anneau_item();
	un_transfert(3 * 65536 + 77, 44, false, REFERENCE, REFERENCE, true,
	             "anneau 8 × 65536, premier flux (4 cases), tous deux de référence", NULL);
	un_transfert(5 * 65536 + 11, 45, false, ETUDIANT, REFERENCE, true,
	             "même anneau, deuxième flux (6 cases, à partir de la case 4), envoyer "
	             "(étudiant), recevoir (référence)",
	             piste_flux_suivant);
	un_transfert(2 * 65536 + 5, 46, false, REFERENCE, ETUDIANT, false,
	             "même anneau, troisième flux (3 cases, à partir de la case 10), recevoir "
	             "(étudiant), envoyer (référence)",
	             piste_flux_suivant);
	supprimer_objets();
}

/* Le producteur de l'étudiant seul : il remplit l'anneau (ou la file) puis s'endort. */
static void verifier_plein(void)
{
	const char *source = donnees("source", 10 * 4096 + 100, 44);
	const char *recu = sortie_recu("recu");
	struct anneau_vu a;
	struct file_vue f;
	struct proc *e, *r;

	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	etape("référence : flux creer CHEMIN anneau 4 4096 ; envoyer (étudiant) de 10 cases et "
	      "100 octets, sans consommateur");
	creer_anneau_ref("4", "4096");
	e = FLUX(ETUDIANT, "envoyer", source);
	exiger_endormi(e, SYS_semop,
	               "Attendu : l'anneau plein (4 cases), le producteur s'endort dans semop.");
	a = lire_anneau();
	exiger(a.existe && a.e.ecrites == 4 && a.val[VIDES] == 0 && a.val[PLEINES] == 4 &&
	           a.ncnt[VIDES] == 1,
	       "Attendu : exactement 4 cases écrites, vides 0 (GETNCNT 1 : le producteur attend "
	       "une case libre), pleines 4.\nObservé : %s%s.",
	       decrire_anneau(&a),
	       a.existe && a.val[PLEINES] == 4 && a.e.ecrites < 4
	           ? " : écrites compte les cases écrites depuis la création de l'anneau, sans "
	             "revenir à 0 à chaque tour (la case numéro k est à k % n)"
	           : "");
	exiger_reprise_eintr(e, SYS_semop, "le producteur");
	a = lire_anneau();
	exiger(a.existe && a.e.ecrites == 4 && a.val[VIDES] == 0 && a.ncnt[VIDES] == 1,
	       "Attendu : après sa reprise, le producteur attend de nouveau une case libre, rien "
	       "n'a été écrit de plus (écrites 4, vides 0, GETNCNT 1).\nObservé : %s.",
	       decrire_anneau(&a));
	etape("recevoir (référence) : le producteur repart");
	r = FLUX(REFERENCE, "recevoir", recu);
	exiger_transfert(r, "anneau plein, puis vidé");
	exiger_transfert(e, "anneau plein, puis vidé");
	exiger_copie(source, recu, "anneau plein, puis vidé", false, PRODUCTEUR);
	supprimer_objets();

	etape("référence : flux creer CHEMIN file (msg_qbytes 16384) ; envoyer (étudiant) de 10 "
	      "messages pleins, sans consommateur");
	creer_file_ref();
	source = donnees("source-file", 10 * BLOC_FILE + 5, 45);
	e = FLUX(ETUDIANT, "envoyer", source);
	exiger_endormi(
	    e, SYS_msgsnd,
	    "Attendu : la file pleine (16384 octets), le producteur s'endort dans msgsnd.");
	f = lire_file();
	exiger(f.existe && f.octets == 16384 && f.messages == 2,
	       "Attendu : 2 messages de %d octets en attente (16384 octets : msg_qbytes).\n"
	       "Observé : %lu octets en %lu messages%s.",
	       BLOC_FILE, f.octets, f.messages,
	       f.messages > 0 && f.octets / f.messages > BLOC_FILE
	           ? " : des messages de plus de 8192 octets, msgsz ne compte pas mtype"
	           : "");
	exiger_reprise_eintr(e, SYS_msgsnd, "le producteur");
	f = lire_file();
	exiger(f.existe && f.octets == 16384 && f.messages == 2,
	       "Attendu : après sa reprise, le producteur attend de nouveau, sans message de plus "
	       "(2 messages, 16384 octets).\nObservé : %lu octets en %lu messages.",
	       f.octets, f.messages);
	r = FLUX(REFERENCE, "recevoir", recu);
	exiger_transfert(r, "file pleine, puis vidée");
	exiger_transfert(e, "file pleine, puis vidée");
	exiger_copie(source, recu, "file pleine, puis vidée", true, PRODUCTEUR);
	restes_attendus();
}

/* Le consommateur de l'étudiant seul : il s'endort sur l'anneau (ou la file) vide. */
static void verifier_vide(void)
{
	const char *source = donnees("source", 2 * 4096 + 1, 46);
	const char *recu = sortie_recu("recu");
	struct anneau_vu a;
	struct proc *e, *r;

	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	etape("référence : flux creer CHEMIN anneau 4 4096 ; recevoir (étudiant), sans producteur");
	creer_anneau_ref("4", "4096");
	r = FLUX(ETUDIANT, "recevoir", recu);
	exiger_endormi(r, SYS_semop,
	               "Attendu : l'anneau vide, le consommateur s'endort dans semop.");
	a = lire_anneau();
	exiger(a.existe && a.ncnt[PLEINES] == 1 && a.e.lues == 0 && a.val[VIDES] == 4,
	       "Attendu : le consommateur attend une case pleine (GETNCNT(pleines) = 1), rien lu.\n"
	       "Observé : %s.",
	       decrire_anneau(&a));
	exiger_reprise_eintr(r, SYS_semop, "le consommateur");
	a = lire_anneau();
	exiger(a.existe && a.ncnt[PLEINES] == 1 && a.e.lues == 0 && a.val[VIDES] == 4,
	       "Attendu : après sa reprise, le consommateur attend de nouveau une case pleine "
	       "(GETNCNT(pleines) = 1), rien lu.\nObservé : %s.",
	       decrire_anneau(&a));
	e = FLUX(REFERENCE, "envoyer", source);
	exiger_transfert(e, "anneau vide, puis rempli");
	exiger_transfert(r, "anneau vide, puis rempli");
	exiger_copie(source, recu, "anneau vide, puis rempli", false, CONSOMMATEUR);
	supprimer_objets();

	etape("référence : flux creer CHEMIN file ; recevoir (étudiant), sans producteur");
	creer_file_ref();
	r = FLUX(ETUDIANT, "recevoir", recu);
	exiger_endormi(r, SYS_msgrcv,
	               "Attendu : la file vide, le consommateur s'endort dans msgrcv.");
	exiger_reprise_eintr(r, SYS_msgrcv, "le consommateur");
	e = FLUX(REFERENCE, "envoyer", source);
	exiger_transfert(e, "file vide, puis remplie");
	exiger_transfert(r, "file vide, puis remplie");
	exiger_copie(source, recu, "file vide, puis remplie", true, CONSOMMATEUR);
	restes_attendus();
}

/* Vrai si l'appel a est un semop dont une opération prend le mutex (MUTEX, -1). */
static bool prend_mutex(const struct appel_ipc *a)
{
	for (size_t k = 0; a != NULL && k < a->sops_lus; k++)
		if (a->sops[k].sem_num == MUTEX && a->sops[k].sem_op < 0)
			return true;
	return false;
}

/* Retient p au retour du premier semop qui lui donne le mutex ; echec() s'il n'y en a pas. */
static struct retenue retenir_en_section(struct proc *p, const char *qui)
{
	for (int rang = 1; rang <= 4; rang++) {
		struct retenue r = retenir(p, &(struct motif){.appel = SYS_semop,
		                                              .apres = true,
		                                              .sem_op_negatif = true,
		                                              .rang = rang});

		if (!attendre_retenu(r, delai(DELAI_COURT)))
			break;
		if (prend_mutex(appel_retenu(r)) && appel_retenu(r)->retour == 0)
			return r;
		relacher(r);
	}
	echec("Attendu : %s prend le mutex (sémaphore %d, -1) par semop avant de toucher aux "
	      "cases ou aux indices.\nObservé : aucun de ses premiers semop ne le prend : %s.",
	      qui, MUTEX, decrire(p));
}

static void verifier_exclusion(void)
{
	const char *source = donnees("source", 6 * 4096 + 9, 47);
	const char *recu = sortie_recu("recu");
	struct anneau_vu a;
	struct proc *e, *r;
	struct retenue re, rr;

	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	etape("référence : flux creer CHEMIN anneau 4 4096 ; envoyer (étudiant) retenu en section "
	      "critique, une case déjà pleine ; recevoir (étudiant) lancé alors");
	creer_anneau_ref("4", "4096");
	e = FLUX(ETUDIANT, "envoyer", source);
	exiger_trace(e);
	/* Le producteur en section critique pour sa deuxième case : la première est pleine. */
	for (int rang = 1;; rang++) {
		re = retenir(e, &(struct motif){.appel = SYS_semop,
		                                .apres = true,
		                                .sem_op_negatif = true,
		                                .rang = rang});
		exiger_retenu(re, "Attendu : le producteur prend le mutex pour chaque case.");
		a = lire_anneau();
		if (prend_mutex(appel_retenu(re)) && a.val[PLEINES] >= 1)
			break;
		relacher(re);
		exiger(rang < 8,
		       "Attendu : le producteur prend le mutex (sémaphore %d, -1) pour écrire une "
		       "case.\nObservé : ses semop ne le prennent pas (%s).",
		       MUTEX, decrire_anneau(&a));
	}
	r = FLUX(ETUDIANT, "recevoir", recu);
	exiger_endormi(r, SYS_semop,
	               "Attendu : le producteur en section critique, le consommateur attend le "
	               "mutex, endormi dans semop.");
	a = lire_anneau();
	exiger(
	    a.e.lues == 0,
	    "Attendu : tant que le producteur tient le mutex, le consommateur ne lit aucune case "
	    "(lues reste 0).\nObservé : %s : le consommateur ne prend pas le mutex.",
	    decrire_anneau(&a));
	relacher(re);
	exiger_transfert(e, "après la section critique du producteur");
	exiger_transfert(r, "après la section critique du producteur");
	exiger_copie(source, recu, "après la section critique du producteur", false, LES_DEUX);
	supprimer_objets();

	etape("référence : flux creer CHEMIN anneau 4 4096 ; envoyer (étudiant) retenu avant sa "
	      "deuxième case, recevoir (étudiant) retenu en section critique ; envoyer relâché");
	creer_anneau_ref("4", "4096");
	e = FLUX(ETUDIANT, "envoyer", source);
	for (int rang = 1;; rang++) {
		re = retenir(
		    e, &(struct motif){.appel = SYS_semop, .sem_op_negatif = true, .rang = rang});
		exiger_retenu(re, "Attendu : le producteur continue après sa première case.");
		a = lire_anneau();
		if (a.val[PLEINES] >= 1 && a.val[MUTEX] == 1)
			break;
		relacher(re);
		exiger(rang < 8,
		       "Attendu : le producteur rend le mutex après chaque case.\nObservé : "
		       "%s.",
		       decrire_anneau(&a));
	}
	r = FLUX(ETUDIANT, "recevoir", recu);
	rr = retenir_en_section(r, "le consommateur");
	relacher(re);
	exiger_endormi(e, SYS_semop,
	               "Attendu : le consommateur en section critique, le producteur attend le "
	               "mutex, endormi dans semop.");
	a = lire_anneau();
	exiger(a.e.ecrites == 1,
	       "Attendu : tant que le consommateur tient le mutex, le producteur n'écrit aucune "
	       "case (écrites reste 1).\nObservé : %s : le producteur ne prend pas le mutex.",
	       decrire_anneau(&a));
	relacher(rr);
	exiger_transfert(e, "après la section critique du consommateur");
	exiger_transfert(r, "après la section critique du consommateur");
	exiger_copie(source, recu, "après la section critique du consommateur", false, LES_DEUX);
	restes_attendus();
}

/* ---- Plusieurs producteurs et consommateurs (deposer, retirer) ---- */

/* « deposer CHEMIN P K » : les enregistrements {p, 1..k}. */
struct depot {
	unsigned p, k;
};

/* Compte dans vus l'enregistrement de la ligne de c ; echec() si elle n'en est pas un, s'il
 * n'a pas été déposé (d[0..nd)) ou s'il a déjà été retiré. */
static void compter_enregistrement(struct proc *c, const char *ligne, const struct depot *d,
                                   size_t nd, unsigned vus[][8], const char *moment)
{
	unsigned p, n;
	size_t j = 0;
	int lg = -1;

	if (sscanf(ligne, "producteur %u numero %u%n", &p, &n, &lg) != 2 ||
	    (ligne[lg] != '\n' && ligne[lg] != '\0')) {
		montrer(c);
		echec("Attendu (%s) : retirer affiche « producteur P numero I » par enregistrement "
		      "(FORMAT_ENREGISTREMENT).\nObservé : « %.*s ».",
		      moment, (int)strcspn(ligne, "\n"), ligne);
	}
	while (j < nd && d[j].p != p)
		j++;
	if (j == nd || n < 1 || n > d[j].k) {
		montrer(c);
		echec("Attendu (%s) : seulement des enregistrements déposés.\nObservé : retirer a "
		      "affiché « producteur %u numero %u », que personne n'a déposé : une case lue "
		      "avant d'avoir été écrite, ou écrite deux fois (deux producteurs sur le même "
		      "indice écrites).",
		      moment, p, n);
	}
	if (++vus[j][n - 1] > 1) {
		montrer(c);
		echec(
		    "Attendu (%s) : chaque enregistrement retiré une fois.\nObservé : « producteur "
		    "%u numero %u » retiré deux fois : deux consommateurs ont lu la même case "
		    "(l'indice lues partagé, incrémenté sous le mutex).",
		    moment, p, n);
	}
}

/* Exige que les consommateurs c[0..nc) aient affiché, à eux tous, chaque enregistrement des
 * dépôts d[0..nd) (au plus 8, de 8 enregistrements) exactement une fois, et rien d'autre. */
static void exiger_enregistrements(struct proc *const *c, size_t nc, const struct depot *d,
                                   size_t nd, const char *moment)
{
	unsigned vus[8][8] = {{0}};
	char manque[300];
	struct texte m = texte_sur(manque, sizeof manque);

	for (size_t i = 0; i < nc; i++)
		for (const char *l = sortie(c[i]); *l;
		     l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != 0))
			compter_enregistrement(c[i], l, d, nd, vus, moment);
	for (size_t j = 0; j < nd; j++)
		for (unsigned n = 1; n <= d[j].k; n++)
			if (vus[j][n - 1] == 0)
				texte_ajouter(&m, "%s« producteur %u numero %u »", m.lg ? ", " : "",
				              d[j].p, n);
	exiger(m.lg == 0,
	       "Attendu (%s) : chaque enregistrement déposé est retiré une fois.\nObservé : jamais "
	       "retiré(s) : %s (case écrasée par un autre producteur : l'indice écrites "
	       "partagé, incrémenté sous le mutex).",
	       moment, manque);
}

/* Retient p au retour de son premier V (semop qui rend le mutex : MUTEX, +1). */
static struct retenue retenir_apres_v(struct proc *p, const char *qui)
{
	struct retenue r = retenir(
	    p,
	    &(struct motif){.appel = SYS_semop, .apres = true, .sem_op_positif = true, .rang = 1});
	struct texte t;
	char attendu[160];

	t = texte_sur(attendu, sizeof attendu);
	texte_ajouter(&t, "Attendu : %s rend le mutex (semop, sémaphore %d, +1).", qui, MUTEX);
	exiger_retenu(r, attendu);
	return r;
}

/* Lancé après p (endormi dans semop, l'anneau plein ou vide), q doit finir ; s'ils sont figés
 * tous deux, p tient le mutex en attendant sa case : l'ordre des P. */
static void exiger_sans_interblocage(const char *qui_p, struct proc *q, const char *qui_q,
                                     int attendu_par_p)
{
	const char *c = attendu_par_p == VIDES ? "vide" : "pleine";
	struct anneau_vu a;

	if (attendre_fin(q, delai(DELAI_COURT)))
		return;
	a = lire_anneau();
	if (a.existe && a.val[MUTEX] == 0 && a.ncnt[MUTEX] > 0 && a.ncnt[attendu_par_p] > 0)
		echec("Attendu : %s finit, et %s, endormi faute de case %s, repart.\nObservé : "
		      "interblocage (%s) : %s tient le mutex et attend une case %s ; %s attend le "
		      "mutex. Prendre le mutex après %s (ou les deux en un seul semop : {%s -1, "
		      "mutex -1}), jamais avant.",
		      qui_q, qui_p, c, decrire_anneau(&a), qui_p, c, qui_q,
		      noms_sems[attendu_par_p], noms_sems[attendu_par_p]);
	montrer(q);
	echec("Attendu : %s finit.\nObservé : %s.", qui_q, decrire(q));
}

static void verifier_enregistrements(void)
{
	struct proc *e, *f, *c[2];
	struct anneau_vu a;
	struct retenue r;

	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	etape("référence : flux creer CHEMIN anneau 4 64 ; deposer (étudiant) 1 3, puis 2 1, puis "
	      "retirer (étudiant) 2, deux fois, l'un après l'autre");
	creer_anneau_ref("4", "64");
	exiger_code(FLUX(ETUDIANT, "deposer", "1", "3"), 0,
	            "Attendu : deposer 1 3 remplit 3 cases de l'anneau de 4 et finit (code 0).");
	exiger_code(FLUX(ETUDIANT, "deposer", "2", "1"), 0,
	            "Attendu : deposer 2 1 remplit la quatrième case et finit (code 0).");
	c[0] = FLUX(ETUDIANT, "retirer", "2");
	exiger_code(c[0], 0, "Attendu : retirer 2 finit (code 0).");
	c[1] = FLUX(ETUDIANT, "retirer", "2");
	exiger_code(c[1], 0, "Attendu : retirer 2 finit (code 0).");
	exiger_enregistrements(c, 2, (const struct depot[]){{1, 3}, {2, 1}}, 2,
	                       "dépôts puis retraits l'un après l'autre");
	supprimer_objets();

	etape("référence : flux creer CHEMIN anneau 4 64 ; deposer (étudiant) 5 1 retenu juste "
	      "après son V ; deposer 6 1 (étudiant) ; puis retirer 2");
	creer_anneau_ref("4", "64");
	e = FLUX(ETUDIANT, "deposer", "5", "1");
	r = retenir_apres_v(e, "le producteur 5");
	exiger_transfert(FLUX(ETUDIANT, "deposer", "6", "1"), "le producteur 5 retenu après son V");
	relacher(r);
	exiger_transfert(e, "le producteur 5 relâché");
	c[0] = FLUX(ETUDIANT, "retirer", "2");
	exiger_transfert(c[0], "retirer 2");
	exiger_enregistrements(c, 1, (const struct depot[]){{5, 1}, {6, 1}}, 2,
	                       "un producteur retenu juste après son V");
	supprimer_objets();

	etape("référence : flux creer CHEMIN anneau 4 64 ; deposer 7 2 ; retirer 1 (étudiant) "
	      "retenu juste après son V ; retirer 1 (étudiant) lancé alors");
	creer_anneau_ref("4", "64");
	exiger_transfert(FLUX(REFERENCE, "deposer", "7", "2"), "deposer 7 2 (référence)");
	c[0] = FLUX(ETUDIANT, "retirer", "1");
	r = retenir_apres_v(c[0], "le consommateur");
	c[1] = FLUX(ETUDIANT, "retirer", "1");
	exiger_transfert(c[1], "un consommateur retenu après son V");
	relacher(r);
	exiger_transfert(c[0], "le consommateur relâché");
	exiger_enregistrements(c, 2, (const struct depot[]){{7, 2}}, 1,
	                       "un consommateur retenu juste après son V");
	supprimer_objets();

	etape(
	    "référence : flux creer CHEMIN anneau 4 64 ; deposer (étudiant) 3 2 retenu en section "
	    "critique ; deposer 4 2 et retirer 4 (étudiant) lancés alors");
	creer_anneau_ref("4", "64");
	e = FLUX(ETUDIANT, "deposer", "3", "2");
	exiger_trace(e);
	r = retenir_en_section(e, "le producteur 3");
	f = FLUX(ETUDIANT, "deposer", "4", "2");
	exiger_endormi(f, SYS_semop,
	               "Attendu : un producteur en section critique, un autre attend le mutex, "
	               "endormi dans semop, sans rien écrire.");
	c[0] = FLUX(ETUDIANT, "retirer", "4");
	exiger_endormi(c[0], SYS_semop,
	               "Attendu : un producteur en section critique, le consommateur attend, "
	               "endormi dans semop.");
	relacher(r);
	exiger_transfert(e, "après la section critique du producteur 3");
	exiger_transfert(f, "après la section critique du producteur 3");
	exiger_transfert(c[0], "après la section critique du producteur 3");
	exiger_enregistrements(c, 1, (const struct depot[]){{3, 2}, {4, 2}}, 2,
	                       "deux producteurs, l'un retenu en section critique");
	supprimer_objets();

	etape("référence : flux creer CHEMIN anneau 1 64 ; deposer 8 2 (étudiant) endormi, "
	      "l'anneau plein, puis retirer 2 (étudiant)");
	creer_anneau_ref("1", "64");
	e = FLUX(ETUDIANT, "deposer", "8", "2");
	exiger_endormi(e, SYS_semop,
	               "Attendu : l'anneau d'une case plein, le producteur s'endort dans semop.");
	c[0] = FLUX(ETUDIANT, "retirer", "2");
	exiger_sans_interblocage("le producteur", c[0], "le consommateur", VIDES);
	exiger_transfert(e, "l'anneau libéré par retirer");
	exiger_enregistrements(c, 1, (const struct depot[]){{8, 2}}, 1, "l'anneau d'une case");
	supprimer_objets();

	etape("référence : flux creer CHEMIN anneau 1 64 ; retirer 1 (étudiant) endormi, l'anneau "
	      "vide, puis deposer 9 1 (étudiant)");
	creer_anneau_ref("1", "64");
	c[0] = FLUX(ETUDIANT, "retirer", "1");
	exiger_endormi(c[0], SYS_semop,
	               "Attendu : l'anneau vide, le consommateur s'endort dans semop.");
	e = FLUX(ETUDIANT, "deposer", "9", "1");
	exiger_sans_interblocage("le consommateur", e, "le producteur", PLEINES);
	exiger_transfert(c[0], "l'anneau rempli par deposer");
	exiger_enregistrements(c, 1, (const struct depot[]){{9, 1}}, 1, "l'anneau d'une case vide");
	supprimer_objets();

	etape("référence : flux creer CHEMIN file ; deposer et retirer (étudiant) : par l'anneau "
	      "seulement");
	creer_file_ref();
	exiger_code(FLUX(ETUDIANT, "deposer", "1", "1"), 1,
	            "Attendu : deposer sur une file → message, code 1 (par l'anneau seulement).");
	exiger_code(FLUX(ETUDIANT, "retirer", "1"), 1,
	            "Attendu : retirer sur une file → message, code 1 (par l'anneau seulement).");
	supprimer_objets();
	etape("référence : flux creer CHEMIN anneau 2 4 ; deposer (étudiant) : des cases plus "
	      "petites qu'un enregistrement");
	creer_anneau_ref("2", "4");
	exiger_code(FLUX(ETUDIANT, "deposer", "1", "1"), 1,
	            "Attendu : des cases de 4 octets, plus petites qu'un enregistrement (8) → "
	            "message, code 1.");
	a = lire_anneau();
	exiger(a.existe && a.e.ecrites == 0 && a.val[VIDES] == 2 && a.val[MUTEX] == 1,
	       "Attendu : des cases trop petites, deposer n'écrit rien (écrites 0, vides 2, mutex "
	       "1).\nObservé : %s.",
	       decrire_anneau(&a));
	restes_attendus();
}

/* Exige au plus max appels nr de p (ils passent tous par le noyau : on les compte). */
static void exiger_appels_au_plus(const struct proc *p, long nr, size_t max, const char *quoi)
{
	size_t n = compter_appels(p, &(struct motif){.appel = nr});

	exiger(n <= max, "Attendu (%s) : au plus %zu appels.\nObservé : %zu.", quoi, max, n);
}

static void verifier_appels(void)
{
	enum { CASES = 64 };
	const char *source = donnees("source", CASES * 4096 + 10, 48);
	const char *recu = sortie_recu("recu");
	const struct appel_ipc *a;
	struct anneau_vu an;
	struct proc *e, *r;

	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	etape("référence : flux creer CHEMIN anneau 8 4096 ; recevoir puis envoyer (étudiant), "
	      "%d cases et 10 octets",
	      CASES);
	creer_anneau_ref("8", "4096");
	r = FLUX(ETUDIANT, "recevoir", recu);
	e = FLUX(ETUDIANT, "envoyer", source);
	exiger_trace(e);
	exiger_transfert(e, "anneau, compter les semop");
	exiger_transfert(r, "anneau, compter les semop");
	exiger_copie(source, recu, "anneau, compter les semop", false, LES_DEUX);
	exiger_appels_au_plus(e, SYS_semop, 2 * (CASES + 1),
	                      "producteur : 2 semop par case, P et V groupés avec le mutex");
	exiger_appels_au_plus(r, SYS_semop, 2 * (CASES + 1),
	                      "consommateur : 2 semop par case, P et V groupés avec le mutex");
	a = appel_nowait(e) ? appel_nowait(e) : appel_nowait(r);
	exiger(a == NULL,
	       "Attendu : aucun IPC_NOWAIT (un P qui échoue aussitôt, relancé en boucle, est une "
	       "attente active).\nObservé : « %s ».",
	       decrire_appel(a));
	a = undo_sur_compteur(e) ? undo_sur_compteur(e) : undo_sur_compteur(r);
	exiger(a == NULL,
	       "Attendu : SEM_UNDO sur le seul mutex : vides et pleines passent d'un processus à "
	       "l'autre (une case écrite reste pleine après le départ du producteur, une case lue "
	       "reste libre après celui du consommateur).\nObservé : « %s » : à la sortie de ce "
	       "programme, le noyau défait cette opération autant de fois qu'il l'a faite "
	       "(semadj), et l'anneau ne compte plus ses cases.",
	       decrire_appel(a));
	an = lire_anneau();
	exiger(an.existe && an.val[MUTEX] == 1 && an.val[VIDES] == 8 && an.val[PLEINES] == 0,
	       "Attendu : le flux passé et les deux programmes partis, l'anneau revenu à mutex 1, "
	       "vides 8, pleines 0.\nObservé : %s.",
	       decrire_anneau(&an));
	supprimer_objets();

	etape("référence : flux creer CHEMIN file ; recevoir puis envoyer (étudiant), 40 messages "
	      "pleins et 10 octets");
	creer_file_ref();
	source = donnees("source-file", 40 * BLOC_FILE + 10, 49);
	r = FLUX(ETUDIANT, "recevoir", recu);
	e = FLUX(ETUDIANT, "envoyer", source);
	exiger_transfert(e, "file, compter les msgsnd");
	exiger_transfert(r, "file, compter les msgrcv");
	exiger_copie(source, recu, "file, compter les messages", true, LES_DEUX);
	a = appel_nowait(e) ? appel_nowait(e) : appel_nowait(r);
	exiger(
	    a == NULL,
	    "Attendu : aucun IPC_NOWAIT (msgsnd ou msgrcv qui échoue aussitôt, relancé en boucle, "
	    "est une attente active).\nObservé : « %s ».",
	    decrire_appel(a));
	exiger_appels_au_plus(e, SYS_msgsnd, 42,
	                      "producteur : des messages pleins (8192 octets), "
	                      "puis celui de fin");
	exiger_appels_au_plus(r, SYS_msgrcv, 42, "consommateur : un msgrcv par message");
	restes_attendus();
}

/* La ligne numéro i (depuis 0) de texte dans buf, sans son saut de ligne ; faux s'il n'y en a
 * pas. */
static bool ligne_numero(const char *texte, int i, char *buf, size_t taille)
{
	const char *fin;

	for (; i > 0 && texte != NULL; i--)
		texte = (texte = strchr(texte, '\n')) ? texte + 1 : NULL;
	if (texte == NULL || *texte == '\0')
		return false;
	fin = strchr(texte, '\n');
	snprintf(buf, taille, "%.*s", (int)(fin ? fin - texte : (long)strlen(texte)), texte);
	return true;
}

/* La première ligne de obtenu qui diffère de attendu, citée, et ce qu'elle peut vouloir dire
 * (tampon statique) ; "" si les lignes sont les mêmes. */
static const char *premiere_difference(const char *attendu, const char *obtenu)
{
	static char t[700];
	char la[200], lo[200], suite[200], nom_a[32], nom_o[32], nom_s[32];
	int va, aa, za, vo, ao, zo, vs, as, zs;
	int i = 0;

	while (ligne_numero(attendu, i, la, sizeof la) && ligne_numero(obtenu, i, lo, sizeof lo) &&
	       strcmp(la, lo) == 0)
		i++;
	if (!ligne_numero(attendu, i, la, sizeof la))
		return "";
	if (!ligne_numero(obtenu, i, lo, sizeof lo)) {
		snprintf(t, sizeof t, " ; il manque la ligne « %s »", la);
		return t;
	}
	snprintf(t, sizeof t, " ; première ligne différente : « %s » au lieu de « %s »", lo, la);
	if (sscanf(la, "%31s valeur %d attente %d zero %d", nom_a, &va, &aa, &za) != 4 ||
	    sscanf(lo, "%31s valeur %d attente %d zero %d", nom_o, &vo, &ao, &zo) != 4 ||
	    strcmp(nom_a, nom_o) != 0)
		return t;
	if (vo != va && ligne_numero(attendu, i + 1, suite, sizeof suite) &&
	    sscanf(suite, "%31s valeur %d attente %d zero %d", nom_s, &vs, &as, &zs) == 4 &&
	    vo == va + 65536 * vs)
		snprintf(t + strlen(t), sizeof t - strlen(t),
		         " : %d = %d + %d × 65536, deux valeurs de GETALL dans un seul int ; "
		         "semun.array désigne un tableau d'unsigned short",
		         vo, va, vs);
	else if (vo == va && ao == za && zo == aa)
		snprintf(t + strlen(t), sizeof t - strlen(t),
		         " : attente et zero inversés (attente est GETNCNT, zero GETZCNT)");
	return t;
}

/* Lance « flux etat » (étudiant) et exige exactement attendu. */
static void exiger_etat(const char *attendu, const char *moment, bool getall)
{
	struct proc *p = FLUX(ETUDIANT, "etat", NULL);

	exiger_code(p, 0, "Attendu : etat réussit (code 0) quand le flux existe.");
	if (strcmp(sortie(p), attendu) != 0) {
		montrer(p);
		echec("Attendu (%s) : exactement\n%sObservé : la sortie ci-dessous%s (formats de "
		      "flux.h : GETNCNT compte les endormis qui attendent que la valeur augmente, "
		      "GETZCNT ceux qui attendent zéro).",
		      moment, attendu, premiere_difference(attendu, sortie(p)));
	}
	if (getall && trace_active(p)) {
		static const struct appel_ipc *t[64];
		size_t n = appels_ipc(p, t, NB_ELEMENTS(t));
		bool vu = false;

		for (size_t i = 0; i < n && i < NB_ELEMENTS(t); i++)
			vu = vu || (t[i]->nr == SYS_semctl && t[i]->cmd == GETALL);
		exiger(vu,
		       "Attendu (%s) : les trois valeurs lues d'un coup par semctl(GETALL).\n"
		       "Observé : aucun GETALL dans la trace.",
		       moment);
	}
}

static void attendu_anneau(char *buf, size_t taille)
{
	struct anneau_vu a = lire_anneau();
	struct texte s = texte_sur(buf, taille);

	texte_ajouter(&s, FORMAT_ANNEAU, a.e.n, a.e.taille, (unsigned long long)a.e.ecrites,
	              (unsigned long long)a.e.lues);
	for (int k = 0; k < NB_SEMS; k++)
		texte_ajouter(&s, FORMAT_SEMAPHORE, noms_sems[k], a.val[k], a.ncnt[k], a.zcnt[k]);
}

static void verifier_etat(void)
{
	const char *source = donnees("source", 6 * 4096, 50);
	char attendu[1024];
	struct file_vue f;
	struct proc *e, *r;

	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	etape("référence : flux creer CHEMIN anneau 4 4096 ; etat (étudiant) au repos");
	creer_anneau_ref("4", "4096");
	attendu_anneau(attendu, sizeof attendu);
	exiger_etat(attendu, "anneau au repos", true);
	etape("envoyer (référence) de 6 cases, sans consommateur : l'anneau plein ; etat "
	      "(étudiant)");
	e = FLUX(REFERENCE, "envoyer", source);
	exiger(attendre_bloque(e, SYS_semop, delai(DELAI_COURT)),
	       "Attendu (référence) : le producteur s'endort, l'anneau plein.\nObservé : %s.",
	       decrire(e));
	attendu_anneau(attendu, sizeof attendu);
	exiger_etat(attendu, "anneau plein, le producteur endormi", true);
	r = FLUX(REFERENCE, "recevoir", "/dev/null");
	exiger_transfert(e, "référence");
	exiger_transfert(r, "référence");
	supprimer_objets();

	etape("référence : flux creer CHEMIN file ; envoyer (référence) de 6 × 4096 octets, sans "
	      "consommateur ; etat (étudiant)");
	creer_file_ref();
	e = FLUX(REFERENCE, "envoyer", source);
	exiger(attendre_bloque(e, SYS_msgsnd, delai(DELAI_COURT)),
	       "Attendu (référence) : le producteur s'endort, la file pleine.\nObservé : %s.",
	       decrire(e));
	f = lire_file();
	snprintf(attendu, sizeof attendu, FORMAT_FILE, f.octets, f.max, f.messages);
	exiger_etat(attendu, "file pleine", false);
	r = FLUX(REFERENCE, "recevoir", "/dev/null");
	exiger_transfert(e, "référence");
	exiger_transfert(r, "référence");
	restes_attendus();
}

/* Exige que p, réveillé par la destruction, sorte avec le code 1 et un message. */
static void exiger_eidrm(struct proc *p, const char *qui)
{
	exiger_fin(p, "Attendu : détruit pendant son attente, le programme se réveille (EIDRM) et "
	              "se termine aussitôt.");
	if (code_sortie(p) != 1 || erreurs(p)[0] == '\0') {
		montrer(p);
		echec(
		    "Attendu : %s, réveillé par EIDRM, le dit sur la sortie d'erreur et sort avec "
		    "le code 1.\nObservé : %s.",
		    qui, decrire(p));
	}
}

static void verifier_eidrm(void)
{
	const char *source = donnees("source", 10 * BLOC_FILE, 51);
	struct anneau_vu a;
	struct proc *r, *e;

	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	etape("référence : flux creer CHEMIN anneau 2 4096 ; recevoir (étudiant) endormi ; "
	      "detruire (étudiant)");
	creer_anneau_ref("2", "4096");
	r = FLUX(ETUDIANT, "recevoir", sortie_recu("recu"));
	exiger_endormi(r, SYS_semop, "Attendu : l'anneau vide, le consommateur s'endort.");
	exiger_code(FLUX(ETUDIANT, "detruire", NULL), 0, "Attendu : detruire réussit (code 0).");
	a = lire_anneau();
	exiger(a.shmid == -1 && a.semid == -1,
	       "Attendu : detruire supprime le segment ET l'ensemble (IPC_RMID).\nObservé : %s%s.",
	       a.shmid != -1 ? "le segment existe encore " : "",
	       a.semid != -1 ? "l'ensemble existe encore" : "");
	exiger_eidrm(r, "le consommateur");

	etape("référence : flux creer CHEMIN file ; envoyer (étudiant) endormi, la file pleine ; "
	      "detruire (étudiant)");
	creer_file_ref();
	e = FLUX(ETUDIANT, "envoyer", source);
	exiger_endormi(e, SYS_msgsnd, "Attendu : la file pleine, le producteur s'endort.");
	exiger_code(FLUX(ETUDIANT, "detruire", NULL), 0, "Attendu : detruire réussit (code 0).");
	exiger(!lire_file().existe, "Attendu : detruire supprime la file.\nObservé : elle existe.");
	exiger_eidrm(e, "le producteur");

	etape("référence : flux creer CHEMIN file ; recevoir (étudiant) endormi, la file vide ; "
	      "detruire (étudiant)");
	creer_file_ref();
	r = FLUX(ETUDIANT, "recevoir", sortie_recu("recu"));
	exiger_endormi(r, SYS_msgrcv, "Attendu : la file vide, le consommateur s'endort.");
	exiger_code(FLUX(ETUDIANT, "detruire", NULL), 0, "Attendu : detruire réussit (code 0).");
	exiger_eidrm(r, "le consommateur");

	etape("flux detruire CHEMIN (étudiant) sans flux");
	exiger_code(FLUX(ETUDIANT, "detruire", NULL), 1,
	            "Attendu : detruire échoue (code 1) quand il n'y a pas de flux.");
	exiger_aucun_objet("après detruire");
}

/* Une invocation invalide : ses arguments (après argv[0]), terminés par NULL. */
struct invalide {
	const char *args[7];
};

static void verifier_arguments(void)
{
	const char *k = chemin_cle();
	const struct invalide cas[] = {
	    {{NULL}},
	    {{"inconnu", k, NULL}},
	    {{"creer", k, NULL}},
	    {{"creer", k, "tube", NULL}},
	    {{"creer", k, "file", "100", NULL}},
	    {{"creer", k, "file", "2000000", NULL}},
	    {{"creer", k, "file", "8k", NULL}},
	    {{"creer", k, "anneau", "4", NULL}},
	    {{"creer", k, "anneau", "0", "4096", NULL}},
	    {{"creer", k, "anneau", "4", "0", NULL}},
	    {{"creer", k, "anneau", "4", "2000000", NULL}},
	    {{"creer", k, "anneau", "1024", "1048576", NULL}},
	    {{"creer", k, "anneau", "4", "4096", "1", NULL}},
	    {{"envoyer", k, NULL}},
	    {{"recevoir", k, "a", "b", NULL}},
	    {{"deposer", k, "1000", "1", NULL}},
	    {{"deposer", k, "1", "0", NULL}},
	    {{"deposer", k, "1", NULL}},
	    {{"retirer", k, "x", NULL}},
	    {{"etat", NULL}},
	    {{"detruire", k, "x", NULL}},
	};
	struct anneau_vu a;
	struct proc *p;

	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	etape("arguments invalides : usage, code 2, rien de créé");
	for (size_t i = 0; i < NB_ELEMENTS(cas); i++) {
		char commande[600];
		struct texte c = texte_sur(commande, sizeof commande);

		texte_ajouter(&c, "flux");
		for (const char *const *a = cas[i].args; *a != NULL; a++)
			texte_ajouter(&c, " %s", *a == k ? "CHEMIN" : *a);
		p = lancer_ex(
		    &(struct lancement){.origine = ETUDIANT, .prog = "flux", .args = cas[i].args});
		exiger_fin(p, "Attendu : des arguments invalides sont refusés aussitôt (code 2).");
		if (code_sortie(p) != 2 || strstr(erreurs(p), "usage") == NULL) {
			montrer(p);
			echec("Attendu : « %s » → usage sur la sortie d'erreur, code 2, sans rien "
			      "créer."
			      "\nObservé : %s.",
			      commande, decrire(p));
		}
		exiger_aucun_objet("après des arguments invalides");
	}
	etape("référence : flux creer CHEMIN anneau 4 4096 ; envoyer CHEMIN DOSSIER/absent "
	      "(étudiant)");
	creer_anneau_ref("4", "4096");
	p = FLUX(ETUDIANT, "envoyer", fichier("absent"));
	exiger_code(p, 1,
	            "Attendu : un fichier à envoyer qui n'existe pas → code 1 et un message.");
	a = lire_anneau();
	exiger(a.existe && a.e.ecrites == 0 && a.val[VIDES] == 4 && a.val[MUTEX] == 1,
	       "Attendu : l'anneau intact (rien écrit, mutex 1, vides 4).\nObservé : %s.",
	       decrire_anneau(&a));
	restes_attendus();
}

static void verifier_nettoyage(void)
{
	const char *source = donnees("source", 5 * 4096 + 3, 52);
	const char *recu = sortie_recu("recu");
	struct proc *e, *r;

	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	exiger_aucune_fuite_precedente();
	etape("scénario complet avec les seuls programmes de l'étudiant : creer anneau, recevoir, "
	      "envoyer, etat, detruire ; puis de même avec la file");
	exiger_code(FLUX(ETUDIANT, "creer", "anneau", "2", "4096"), 0,
	            "Attendu : creer réussit (code 0).");
	r = FLUX(ETUDIANT, "recevoir", recu);
	e = FLUX(ETUDIANT, "envoyer", source);
	exiger_transfert(e, "nettoyage, anneau");
	exiger_transfert(r, "nettoyage, anneau");
	exiger_code(FLUX(ETUDIANT, "etat", NULL), 0, "Attendu : etat réussit (code 0).");
	exiger_code(FLUX(ETUDIANT, "detruire", NULL), 0, "Attendu : detruire réussit (code 0).");
	exiger_aucun_objet("après le scénario de l'anneau");
	exiger_code(FLUX(ETUDIANT, "creer", "file", NULL), 0, "Attendu : creer réussit (code 0).");
	r = FLUX(ETUDIANT, "recevoir", recu);
	e = FLUX(ETUDIANT, "envoyer", source);
	exiger_transfert(e, "nettoyage, file");
	exiger_transfert(r, "nettoyage, file");
	exiger_code(FLUX(ETUDIANT, "detruire", NULL), 0, "Attendu : detruire réussit (code 0).");
	exiger_aucun_objet("après le scénario de la file");

	etape("recevoir et etat sans flux : code 1, rien de créé");
	exiger_code(FLUX(ETUDIANT, "recevoir", recu), 1,
	            "Attendu : recevoir sans flux échoue (code 1).");
	exiger_code(FLUX(ETUDIANT, "etat", NULL), 1, "Attendu : etat sans flux échoue (code 1).");
	exiger_aucun_objet("après recevoir et etat sans flux (shmget, msgget sans IPC_CREAT)");
}

/* flux ARGS... sous valgrind, même sans VALGRIND=1. */
static struct proc *sous_valgrind(const char *const *args)
{
	return lancer_ex(&(struct lancement){
	    .origine = ETUDIANT, .prog = "flux", .args = args, .valgrind = true});
}

static void verifier_valgrind(void)
{
	const char *source = donnees("source", 3 * 4096 + 5, 53);
	const char *recu = sortie_recu("recu");
	const char *k = chemin_cle();
	struct proc *p[5];

	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	etape("sous valgrind : creer anneau 2 4096, recevoir et envoyer ensemble, etat, detruire");
	p[0] = sous_valgrind((const char *const[]){"creer", k, "anneau", "2", "4096", NULL});
	exiger_code(p[0], 0, "Attendu : creer réussit sous valgrind (code 0).");
	p[1] = sous_valgrind((const char *const[]){"recevoir", k, recu, NULL});
	p[2] = sous_valgrind((const char *const[]){"envoyer", k, source, NULL});
	exiger_transfert(p[2], "sous valgrind");
	exiger_transfert(p[1], "sous valgrind");
	exiger_copie(source, recu, "sous valgrind", false, LES_DEUX);
	p[3] = sous_valgrind((const char *const[]){"etat", k, NULL});
	exiger_code(p[3], 0, "Attendu : etat réussit sous valgrind (code 0).");
	p[4] = sous_valgrind((const char *const[]){"detruire", k, NULL});
	exiger_code(p[4], 0, "Attendu : detruire réussit sous valgrind (code 0).");
	for (size_t i = 0; i < NB_ELEMENTS(p); i++)
		exiger_memcheck(p[i]);
	exiger_aucun_objet("après le scénario sous valgrind");
}

/* Bonus : le producteur par lots (P_k, V_k), vu dans la trace et dans l'anneau. */
static void verifier_lot(void)
{
	const char *source = donnees("source", 10 * 4096 + 5, 54);
	const char *recu = sortie_recu("recu");
	const struct motif p_k = {.appel = SYS_semop, .sem_op_negatif = true};
	const struct motif v_k = {.appel = SYS_semop, .sem_op_positif = true};
	static const struct appel_ipc *t[64];
	struct anneau_vu a;
	struct proc *e, *r;
	size_t n;

	tracer_lancements(TRACER_SI_ETUDIANT); /* ce TP lit la trace (banc.h) */
	etape("référence : flux creer CHEMIN anneau 8 4096 ; lot CHEMIN FICHIER 4 (étudiant), 11 "
	      "cases (la dernière de 5 octets), sans consommateur");
	creer_anneau_ref("8", "4096");
	e = FLUX(ETUDIANT, "lot", source, "4");
	exiger_trace(e);
	exiger_endormi(
	    e, SYS_semop,
	    "Attendu : deux lots de 4 cases remplissent l'anneau, le producteur s'endort "
	    "dans le P_k du troisième.");
	a = lire_anneau();
	exiger(operation_nulle(e) == NULL,
	       "Attendu : jamais d'opération nulle dans un semop : sem_op = 0 attend que le "
	       "sémaphore vaille zéro (le V_k d'un lot complet n'a que {pleines +k, mutex +1}).\n"
	       "Observé : « %s » (%s).",
	       decrire_appel(operation_nulle(e)), decrire_anneau(&a));
	exiger(a.existe && a.e.ecrites == 8 && a.val[VIDES] == 0 && a.val[PLEINES] == 8 &&
	           a.ncnt[VIDES] == 1,
	       "Attendu : 8 cases écrites, vides 0 (GETNCNT 1), pleines 8.\nObservé : %s.",
	       decrire_anneau(&a));
	r = FLUX(REFERENCE, "recevoir", recu);
	exiger_transfert(r, "par lots");
	exiger_transfert(e, "par lots");
	exiger_copie(source, recu, "par lots", false, PRODUCTEUR);
	a = lire_anneau();
	exiger(a.existe && a.val[VIDES] == 8 && a.val[PLEINES] == 0 && a.val[MUTEX] == 1,
	       "Attendu : le flux passé, les 8 cases de nouveau libres (vides 8) : le dernier lot, "
	       "incomplet, rend les cases libres qu'il a prises en trop.\nObservé : %s.",
	       decrire_anneau(&a));
	n = appels_ipc(e, t, NB_ELEMENTS(t));
	for (size_t i = 0; i < n && i < NB_ELEMENTS(t); i++)
		for (size_t k = 0; k < t[i]->sops_lus; k++)
			exiger(t[i]->sops[k].sem_num != VIDES || t[i]->sops[k].sem_op >= 0 ||
			           t[i]->sops[k].sem_op == -4,
			       "Attendu : chaque P_k prend 4 cases libres d'un coup (vides -4).\n"
			       "Observé : « %s ».",
			       decrire_appel(t[i]));
	exiger(compter_appels(e, &p_k) == 3 && compter_appels(e, &v_k) == 3,
	       "Attendu : 11 cases en 3 lots, soit 3 semop P_k et 3 semop V_k.\nObservé : %zu P "
	       "et %zu V.",
	       compter_appels(e, &p_k), compter_appels(e, &v_k));
	restes_attendus();
}

static const struct item items[] = {
    {"creation_file", 1, "creer file : clé ftok(CHEMIN, 'F'), mode 0600, msg_qbytes réglé et relu",
     "msgget(ftok(CHEMIN, 'F'), IPC_CREAT | IPC_EXCL | 0600), puis msgctl(IPC_STAT), "
     "msg_qbytes = OCTETS, msgctl(IPC_SET), et IPC_STAT encore pour afficher la valeur relue.",
     verifier_creation_file, NOTE},
    {"creation_anneau", 2,
     "creer anneau : segment de sizeof(struct entete) + N × TAILLE octets, 3 sémaphores, 0600, "
     "un seul SETALL",
     "shmget(cle, sizeof(struct entete) + N * TAILLE, ...), semget(cle, 3, ...), l'en-tête "
     "écrit, puis semctl(SETALL) de {1, N, 0} (cours : « Initialisation »).",
     verifier_creation_anneau, NOTE},
    {"deja_cree", 1, "creer refusé quand le flux existe, sans toucher au flux en cours",
     "IPC_EXCL : EEXIST. Ne supprimer que ce que ce creer-ci a créé.", verifier_deja_cree, NOTE},
    {"transfert_file", 2,
     "file : 4 Mio copiés à l'octet près, dans les deux ordres de lancement, fin du flux "
     "comprise",
     "Des messages de BLOC_FILE octets au plus (msgsz sans mtype), puis un message vide de type "
     "TYPE_FIN ; recevoir écrit exactement les octets que rend msgrcv.",
     verifier_transfert_file, NOTE},
    {"transfert_anneau", 2,
     "anneau : 16 Mio copiés à l'octet près, dans les deux ordres de lancement",
     "La case numéro k est à cases + (k % n) × taille ; la dernière est incomplète (0 à "
     "TAILLE - 1 octets) : derniere et longueur_fin dans l'en-tête.",
     verifier_transfert_anneau, NOTE},
    {"plein", 2,
     "sans consommateur, le producteur s'endort après exactement N cases (ou msg_qbytes "
     "octets)",
     "P(vides) sans IPC_NOWAIT : le noyau endort le producteur quand vides vaut 0 ; msgsnd "
     "sans IPC_NOWAIT s'endort quand la file est pleine.",
     verifier_plein, NOTE},
    {"vide", 1, "sans producteur, le consommateur s'endort (anneau et file vides)",
     "P(pleines), msgrcv sans IPC_NOWAIT : endormi par le noyau, pas de boucle.", verifier_vide,
     NOTE},
    {"exclusion", 1,
     "l'un retenu en section critique (mutex pris), l'autre attend sans toucher aux cases",
     "Le producteur et le consommateur prennent le mutex (sémaphore 0) avant toute case ou "
     "indice, et le rendent après : {vides -1, mutex -1} en un seul semop.",
     verifier_exclusion, NOTE},
    {"enregistrements", 2,
     "plusieurs producteurs et consommateurs : chaque enregistrement retiré une fois, sans "
     "interblocage (section critique retenue, mise à jour après le V)",
     "Les indices écrites et lues, partagés, changent sous le mutex (avant de le rendre) ; "
     "prendre le mutex après la case (vides ou pleines), ou les deux en un seul semop.",
     verifier_enregistrements, NOTE},
    {"appels", 1,
     "au plus 2 semop par case, des messages pleins, jamais IPC_NOWAIT (trace des appels)",
     "Grouper P(vides) et P(mutex) dans un même semop, V(mutex) et V(pleines) dans un autre.",
     verifier_appels, NOTE},
    {"etat", 1,
     "etat : l'en-tête, puis valeur (GETALL), GETNCNT et GETZCNT de chaque sémaphore ; la file",
     "Formats de flux.h ; un seul semctl(GETALL) pour les trois valeurs, GETNCNT et GETZCNT "
     "sémaphore par sémaphore ; msg_cbytes, msg_qbytes, msg_qnum pour la file.",
     verifier_etat, NOTE},
    {"eidrm", 1, "detruire supprime tout et réveille ceux qui attendent : EIDRM, message, code 1",
     "shmctl et semctl(IPC_RMID) pour l'anneau, msgctl(IPC_RMID) pour la file ; EIDRM ou "
     "EINVAL : ne pas relancer l'appel.",
     verifier_eidrm, NOTE},
    {"arguments", 1, "arguments invalides (N, TAILLE, OCTETS, P, K, nombre) : usage, code 2",
     "argument_entier borne chaque nombre ; N × TAILLE au plus ANNEAU_MAX_OCTETS.",
     verifier_arguments, NOTE},
    {"nettoyage", 1, "aucun objet IPC laissé derrière soi",
     "detruire supprime le flux ; "
     "envoyer, recevoir et etat ne créent rien.",
     verifier_nettoyage, NOTE},
    {"valgrind", 1, "valgrind (memcheck) ne signale aucune erreur",
     "Initialiser chaque champ des struct sembuf et le tableau de SETALL.", verifier_valgrind,
     NOTE},
    {"lot", 1, "lot : k cases par semop (P_k, puis V_k), le reste du dernier lot rendu",
     "Un semop {vides -k, mutex -1}, k cases, puis un semop {pleines +j, mutex +1} et "
     "{vides +(k - j)} si le dernier lot n'a que j cases (cours : « P_n / V_n »).",
     verifier_lot, BONUS},
};

static const struct tp tp = {"04-flux", items, NB_ELEMENTS(items)};

// clang-format off
int main(int argc, char **argv) { return banc_main(argc, argv, &tp); }
