/*
 * correcteur.c : les items du TP 0 (clés et moniteur IPC).
 *
 * cle est comparé à ftok(3) et à stat(2) du correcteur. Pour le moniteur, le correcteur crée
 * lui-même les objets dans l'espace de noms IPC de l'item, les fait manipuler par des processus
 * auxiliaires (leurs pids doivent apparaître), attend des états observables (un processus
 * endormi dans semop, un nombre d'attachements), puis lit la sortie de « moniteur -1 » ligne
 * par ligne et la confronte à ce que disent msgctl, shmctl et semctl.
 */
#define _GNU_SOURCE
#include "banc.h"
#include "commun.h" /* union semun, dont semctl a besoin */
#include "cles.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ---- Lecture de la sortie du moniteur ---- */

#define MAX_CHAMPS_LUS 16

struct ligne_lue {
	char genre[16];
	int nb;
	char noms[MAX_CHAMPS_LUS][24];
	char valeurs[MAX_CHAMPS_LUS][48];
	char texte[512]; /* la ligne telle quelle, pour les messages */
};

/* Découpe « genre nom=valeur nom=valeur ... » ; faux si la ligne n'a pas cette forme. */
static bool lire_ligne(const char *debut, size_t lg, struct ligne_lue *l)
{
	char copie[512], *mot, *reste;

	memset(l, 0, sizeof *l);
	if (lg >= sizeof copie)
		lg = sizeof copie - 1;
	memcpy(copie, debut, lg);
	copie[lg] = '\0';
	memcpy(l->texte, copie, lg + 1);
	mot = strtok_r(copie, " \t", &reste);
	if (mot == NULL || strchr(mot, '=') != NULL || strlen(mot) >= sizeof l->genre)
		return false;
	strcpy(l->genre, mot);
	while ((mot = strtok_r(NULL, " \t", &reste)) != NULL && l->nb < MAX_CHAMPS_LUS) {
		char *egal = strchr(mot, '=');

		if (egal == NULL)
			return false;
		*egal = '\0';
		snprintf(l->noms[l->nb], sizeof l->noms[0], "%s", mot);
		snprintf(l->valeurs[l->nb], sizeof l->valeurs[0], "%s", egal + 1);
		l->nb++;
	}
	return true;
}

/* Valeur du champ nom, ou NULL s'il manque. */
static const char *valeur(const struct ligne_lue *l, const char *nom)
{
	for (int i = 0; i < l->nb; i++)
		if (strcmp(l->noms[i], nom) == 0)
			return l->valeurs[i];
	return NULL;
}

static bool valeur_vaut(const struct ligne_lue *l, const char *nom, long v)
{
	const char *t = valeur(l, nom);
	char attendu[32];

	snprintf(attendu, sizeof attendu, "%ld", v);
	return t != NULL && strcmp(t, attendu) == 0;
}

/* Appelle f sur chaque ligne du texte ; s'arrête quand f renvoie vrai. */
static bool pour_chaque_ligne(const char *texte, bool (*f)(const char *, size_t, void *), void *arg)
{
	while (*texte) {
		const char *fin = strchr(texte, '\n');
		size_t lg = fin ? (size_t)(fin - texte) : strlen(texte);

		if (f(texte, lg, arg))
			return true;
		texte += lg + (fin != NULL);
	}
	return false;
}

struct recherche {
	const char *genre;
	int id, num;
	struct ligne_lue *l;
};

static bool ligne_cherchee(const char *debut, size_t lg, void *arg)
{
	struct recherche *r = arg;

	return lire_ligne(debut, lg, r->l) && strcmp(r->l->genre, r->genre) == 0 &&
	       valeur_vaut(r->l, "id", r->id) && (r->num < 0 || valeur_vaut(r->l, "num", r->num));
}

/* La ligne « genre id=ID [num=NUM] ... » de la sortie ; faux si elle manque. */
static bool chercher(const char *texte, const char *genre, int id, int num, struct ligne_lue *l)
{
	struct recherche r = {genre, id, num, l};

	return pour_chaque_ligne(texte, ligne_cherchee, &r);
}

static const char *nom_genre(const char *genre)
{
	return strcmp(genre, "file") == 0       ? "la file"
	       : strcmp(genre, "segment") == 0  ? "le segment"
	       : strcmp(genre, "ensemble") == 0 ? "l'ensemble"
	                                        : "le sémaphore";
}

/* Exige la ligne de l'objet ; echec() avec la sortie du moniteur sinon. */
/* L'indice de la case (id modulo IPCMNI) affiché au lieu de l'identifiant : la cause, dite. */
static noreturn void echec_indice(const char *contexte, const char *genre, int id,
                                  const char *ligne)
{
	echec("Attendu : %s, une ligne « %s id=%d ... ».\nObservé : « %s » : c'est l'indice de la "
	      "case dans la table du noyau, pas l'identifiant de l'objet.\n  Indice : msgctl, "
	      "shmctl et semctl avec *_STAT_ANY reçoivent un indice et RENVOIENT l'identifiant : "
	      "afficher ce qu'ils renvoient.",
	      contexte, genre, id, ligne);
}

static void exiger_ligne(struct proc *m, const char *genre, int id, int num, struct ligne_lue *l,
                         const char *contexte)
{
	if (chercher(sortie(m), genre, id, num, l))
		return;
	montrer(m);
	if (id >= 1 << 15 && chercher(sortie(m), genre, id & 0x7fff, num, l))
		echec_indice(contexte, genre, id, l->texte);
	if (num >= 0)
		echec("Attendu : %s, une ligne « %s id=%d num=%d ... ».\nObservé : aucune ligne de "
		      "cette forme dans la sortie de moniteur -1.",
		      contexte, genre, id, num);
	echec("Attendu : %s, une ligne « %s id=%d ... » pour %s %d.\nObservé : aucune ligne de "
	      "cette forme dans la sortie de moniteur -1.",
	      contexte, genre, id, nom_genre(genre), id);
}

/* Exige nom=attendu sur la ligne ; echec() en citant la ligne sinon. */
static void exiger_champ(struct proc *m, const struct ligne_lue *l, const char *nom,
                         const char *attendu, const char *pourquoi)
{
	const char *v = valeur(l, nom);

	if (v != NULL && strcmp(v, attendu) == 0)
		return;
	montrer(m);
	if (v == NULL)
		echec("Attendu : %s=%s (%s).\nObservé : pas de champ « %s= » sur la ligne :\n  %s",
		      nom, attendu, pourquoi, nom, l->texte);
	echec("Attendu : %s=%s (%s).\nObservé : %s=%s sur la ligne :\n  %s", nom, attendu, pourquoi,
	      nom, v, l->texte);
}

static void exiger_nombre(struct proc *m, const struct ligne_lue *l, const char *nom, long v,
                          const char *pourquoi)
{
	char t[32];

	snprintf(t, sizeof t, "%ld", v);
	exiger_champ(m, l, nom, t, pourquoi);
}

static void exiger_cle(struct proc *m, const struct ligne_lue *l, key_t k)
{
	char t[16];

	snprintf(t, sizeof t, "0x%08x", (unsigned)k);
	exiger_champ(m, l, "cle", t,
	             "la clé, écrite comme ipcs : 0x et 8 chiffres hexadécimaux.\n  Indice : "
	             "\"0x%08x\" d'une valeur non signée : les zéros de tête comptent");
}

static void exiger_droits(struct proc *m, const struct ligne_lue *l, unsigned droits)
{
	char t[8];

	snprintf(t, sizeof t, "%03o", droits);
	exiger_champ(m, l, "droits", t,
	             "les 9 bits de droits, en octal, sans les autres drapeaux.\n  Indice : "
	             "perm->mode & 0777 : le mode contient aussi des drapeaux (SHM_DEST...)");
}

struct controle_format {
	int section;     /* 0 avant le premier titre, puis 1, 2, 3 */
	int annonces[4]; /* nombre annoncé par le titre de chaque section */
	int comptes[4];  /* lignes d'objets trouvées dans chaque section */
	int dernier_ensemble;
	char erreur[640];
};

/* Vérifie une ligne de la sortie -1 ; vrai (arrêt) à la première erreur. */
static bool controler_ligne(const char *debut, size_t lg, void *arg)
{
	static const char *const titres[] = {TITRE_FILES, TITRE_SEGMENTS, TITRE_ENSEMBLES};
	static const char *const genres[] = {"file", "segment", "ensemble"};
	struct controle_format *c = arg;
	struct ligne_lue l;

	for (int s = 0; s < 3; s++) {
		size_t t = strlen(titres[s]);

		if (lg > t && strncmp(debut, titres[s], t) == 0) {
			int n;

			if (s != c->section || sscanf(debut + t, " : %d ---", &n) != 1) {
				snprintf(c->erreur, sizeof c->erreur,
				         "titre de section inattendu ou mal formé : « %.*s »",
				         (int)(lg > 200 ? 200 : lg), debut);
				return true;
			}
			c->section = s + 1;
			c->annonces[s + 1] = n;
			return false;
		}
	}
	if (memchr(debut, '\033', lg) || memchr(debut, '*', lg)) {
		snprintf(c->erreur, sizeof c->erreur,
		         "avec -1, ni couleur ni étoile (rien n'est mis en évidence) : « %.*s »",
		         (int)(lg > 200 ? 200 : lg), debut);
		return true;
	}
	if (!lire_ligne(debut, lg, &l) || c->section == 0) {
		snprintf(c->erreur, sizeof c->erreur,
		         "une ligne qui n'est ni un titre de section ni « genre nom=valeur ... » "
		         "dans une section : « %.*s »",
		         (int)(lg > 200 ? 200 : lg), debut);
		return true;
	}
	if (strcmp(l.genre, "sem") == 0 && c->section == 3) {
		if (!valeur_vaut(&l, "id", c->dernier_ensemble)) {
			snprintf(
			    c->erreur, sizeof c->erreur,
			    "la ligne d'un sémaphore suit celle de son ensemble (id=%d) : « %s »",
			    c->dernier_ensemble, l.texte);
			return true;
		}
		return false;
	}
	if (strcmp(l.genre, genres[c->section - 1]) != 0) {
		snprintf(c->erreur, sizeof c->erreur,
		         "une ligne « %s » dans la section « %s » : « %s »", l.genre,
		         titres[c->section - 1] + 4, l.texte);
		return true;
	}
	if (c->section == 3)
		c->dernier_ensemble = valeur(&l, "id") ? atoi(valeur(&l, "id")) : -1;
	c->comptes[c->section]++;
	return false;
}

/* Le format de -1 : trois titres dans l'ordre, des lignes « genre nom=valeur », les comptes. */
static void exiger_format(struct proc *m)
{
	struct controle_format c = {.dernier_ensemble = -1};

	if (!pour_chaque_ligne(sortie(m), controler_ligne, &c) && c.section != 3)
		snprintf(c.erreur, sizeof c.erreur, "il manque des titres de section (%d sur 3)",
		         c.section);
	for (int s = 1; s <= 3 && !c.erreur[0]; s++)
		if (c.annonces[s] != c.comptes[s])
			snprintf(c.erreur, sizeof c.erreur,
			         "le titre de la section %d annonce %d objet(s), elle en liste %d",
			         s, c.annonces[s], c.comptes[s]);
	if (c.erreur[0]) {
		montrer(m);
		echec("Attendu : la sortie de moniteur -1 au format de SUJETS.md (trois sections "
		      "« %s : N --- », etc., puis une ligne par objet).\nObservé : %s",
		      TITRE_FILES, c.erreur);
	}
}

/* Lance « moniteur -1 » de l'étudiant et exige qu'il finisse avec 0, au bon format. */
/* moniteur -1 sous l'uid donné (0 : celui du correcteur) ; exige un relevé bien formé. */
static struct proc *releve_sous(uid_t uid, const char *contexte)
{
	struct proc *m = lancer_ex(&(struct lancement){.origine = ETUDIANT,
	                                               .prog = "moniteur",
	                                               .args = (const char *const[]){"-1", NULL},
	                                               .uid = uid});
	char attendu[256];

	snprintf(attendu, sizeof attendu,
	         "Attendu : moniteur -1 (%s) affiche un relevé et sort avec 0.", contexte);
	exiger_code(m, 0, attendu);
	exiger_format(m);
	return m;
}

static struct proc *releve(const char *contexte)
{
	return releve_sous(0, contexte);
}

/* Le nom de l'uid, comme le moniteur doit l'écrire : son nom, ou son numéro s'il n'en a pas. */
static const char *nom_de(uid_t uid)
{
	static char nom[64];
	struct passwd *pw = getpwuid(uid);

	if (pw != NULL)
		snprintf(nom, sizeof nom, "%s", pw->pw_name);
	else
		snprintf(nom, sizeof nom, "%u", (unsigned)uid);
	return nom;
}

/* Les files de l'item vues par un moniteur lancé sous un autre uid, dont une file d'un autre
 * propriétaire : MSG_STAT_ANY les montre toutes, MSG_STAT cacherait celles qu'il ne peut lire. */
static void files_sous_autre_uid(int f1, int f2, int f3)
{
	struct msqid_ds ds;
	struct ligne_lue l;
	struct proc *m;

	if (!autre_uid_possible()) {
		etape("non vérifié ici : le correcteur ne peut pas lancer le moniteur sous un "
		      "autre uid "
		      "(il faut root hors espace de noms utilisateur)");
		return;
	}
	if (msgctl(f3, IPC_STAT, &ds) == -1)
		echec("banc : msgctl(IPC_STAT) : %s", strerror(errno));
	ds.msg_perm.uid = 65534;
	if (msgctl(f3, IPC_SET, &ds) == -1)
		echec("banc : msgctl(IPC_SET) : %s", strerror(errno));
	etape(
	    "le correcteur donne la file %d à l'uid 65534 (%s), puis lance le moniteur sous l'uid "
	    "65533, qui n'a le droit de lire aucune des files (droits 600 et 640)",
	    f3, nom_de(65534));
	m = releve_sous(65533, "sous l'uid 65533");
	exiger_ligne(m, "file", f1, -1, &l,
	             "sous un autre uid, la file de root aux droits 600 (MSG_STAT_ANY la montre, "
	             "MSG_STAT la cacherait)");
	exiger_ligne(m, "file", f2, -1, &l, "sous un autre uid, la deuxième file de root");
	exiger_ligne(m, "file", f3, -1, &l, "sous un autre uid, la file de l'uid 65534");
	exiger_champ(m, &l, "proprio", nom_de(65534), "le nom de son propriétaire, l'uid 65534");
}

/* ---- Processus auxiliaires du correcteur (dans l'espace de noms de l'item) ---- */

struct message {
	long mtype;
	char texte[64];
};

struct depot {
	int file;
	int nombre;
	size_t tailles[4];
};

static void deposer(void *arg)
{
	struct depot *d = arg;
	struct message m = {.mtype = 1};

	memset(m.texte, 'a', sizeof m.texte);
	for (int i = 0; i < d->nombre; i++)
		if (msgsnd(d->file, &m, d->tailles[i], IPC_NOWAIT) == -1)
			_exit(1);
}

static void retirer(void *arg)
{
	struct message m;

	if (msgrcv(*(int *)arg, &m, sizeof m.texte, 0, IPC_NOWAIT) == -1)
		_exit(1);
}

struct creation {
	key_t cle;
	size_t taille; /* segment : octets ; ensemble : nombre de sémaphores */
	int droits;
	unsigned short valeurs[8];
};

static void creer_segment(void *arg)
{
	struct creation *c = arg;

	if (shmget(c->cle, c->taille, IPC_CREAT | IPC_EXCL | c->droits) == -1)
		_exit(1);
}

static void attacher(void *arg)
{
	if (shmat(*(int *)arg, NULL, SHM_RDONLY) == (void *)-1)
		_exit(1);
	for (;;)
		pause();
}

static void creer_ensemble(void *arg)
{
	struct creation *c = arg;
	int id = semget(c->cle, (int)c->taille, IPC_CREAT | IPC_EXCL | c->droits);
	union semun u = {.array = c->valeurs};

	if (id == -1 || semctl(id, 0, SETALL, u) == -1)
		_exit(1);
}

struct operation {
	int ensemble;
	unsigned short num;
	short op;
};

/* Une opération semop ; bloquante pour les attentes. L'ensemble supprimé la termine. */
static void operer(void *arg)
{
	struct operation *o = arg;
	struct sembuf b = {.sem_num = o->num, .sem_op = o->op, .sem_flg = 0};

	while (semop(o->ensemble, &b, 1) == -1)
		if (errno != EINTR)
			_exit(errno == EIDRM || errno == EINVAL ? 0 : 1);
}

/* Lance un auxiliaire et exige qu'il réussisse. */
static struct proc *aide(const char *nom, void (*f)(void *), void *arg)
{
	struct proc *p = lancer_fonction(nom, f, arg);
	char attendu[160];

	snprintf(attendu, sizeof attendu, "banc : l'auxiliaire « %s » du correcteur réussit.", nom);
	exiger_code(p, 0, attendu);
	etape("le correcteur : %s (pid %d)", nom, (int)pid_vu(p));
	return p;
}

static int id_segment(key_t k)
{
	int id = shmget(k, 0, 0);

	if (id == -1)
		echec("banc : shmget : %s", strerror(errno));
	return id;
}

static int id_ensemble(key_t k)
{
	int id = semget(k, 0, 0);

	if (id == -1)
		echec("banc : semget : %s", strerror(errno));
	return id;
}

static int nouvelle_file(key_t k, int droits)
{
	int id = msgget(k, IPC_CREAT | IPC_EXCL | droits);

	if (id == -1)
		echec("banc : msgget : %s", strerror(errno));
	return id;
}

struct attente_shm {
	int id;
	unsigned long nattch;
};

static bool attachements(void *arg)
{
	struct attente_shm *a = arg;
	struct shmid_ds ds;

	return shmctl(a->id, IPC_STAT, &ds) == 0 && ds.shm_nattch == a->nattch;
}

/* Lance un processus qui attache le segment et dort ; attend que nattch vaille n. */
static struct proc *attache(int *id, unsigned long n)
{
	struct proc *p = lancer_fonction("attache le segment et dort", attacher, id);
	struct attente_shm a = {*id, n};

	if (!attendre(attachements, &a, delai(DELAI_COURT)))
		echec("banc : le segment %d n'atteint pas %lu attachement(s) : %s", *id, n,
		      decrire(p));
	etape("le correcteur : pid %d attache le segment %d (%lu attachement(s))", (int)pid_vu(p),
	      *id, n);
	return p;
}

/* Lance un processus bloqué dans semop(op sur num) et attend qu'il y dorme. */
static struct proc *attente(struct operation *o)
{
	struct proc *p = lancer_fonction(o->op ? "attend dans un P" : "attend zéro", operer, o);

	/* SYS_semop couvre aussi semtimedop, par où la glibc fait passer semop(). */
	if (!attendre_bloque(p, SYS_semop, delai(DELAI_COURT)))
		echec("banc : l'auxiliaire ne s'endort pas dans semop : %s", decrire(p));
	etape("le correcteur : pid %d bloqué dans semop(sémaphore %d, %+d)", (int)pid_vu(p), o->num,
	      o->op);
	return p;
}

/* ---- cle ---- */

/* Lance « cle chemin id » et exige le code 0 ; l'id est donné en texte. */
/* Lance « cle CHEMIN ID » ; code0 : exige aussi le code 0 (l'item cle ne juge que la première
 * ligne : une recomposition fausse, qui fait sortir avec 1, est l'affaire de composition). */
static struct proc *cle_de(const char *chemin, const char *id, bool code0)
{
	struct proc *p = lancer(ETUDIANT, "cle", chemin, id);
	char attendu[512];

	snprintf(attendu, sizeof attendu, "Attendu : « cle %s %s » affiche la clé%s.", chemin, id,
	         code0 ? " et sort avec 0" : "");
	if (code0)
		exiger_code(p, 0, attendu);
	else
		exiger_fin(p, attendu);
	return p;
}

/* La ligne n (0, 1) de la sortie, sans le saut de ligne. */
static const char *ligne_n(struct proc *p, int n, char *tampon, size_t taille)
{
	const char *s = sortie(p);

	for (int i = 0; i < n && s; i++) {
		s = strchr(s, '\n');
		s = s ? s + 1 : NULL;
	}
	if (s == NULL) {
		tampon[0] = '\0';
		return tampon;
	}
	snprintf(tampon, taille, "%.*s", (int)strcspn(s, "\n"), s);
	return tampon;
}

struct cas_cle {
	const char *chemin;
	const char *id; /* tel que passé à cle */
	int valeur;     /* tel que passé à ftok */
};

static void verifier_cles(void)
{
	char autre[300];
	struct cas_cle cas[] = {
	    {chemin_cle(), "1", 1},       {chemin_cle(), "77", 77}, {chemin_cle(), "M", 'M'},
	    {dossier_test(), "128", 128}, {"/", "255", 255},        {"/dev/null", "1", 1},
	    {"/dev/null", "200", 200},    {autre, "65", 65},        {autre, "B", 'B'},
	};
	FILE *f;

	snprintf(autre, sizeof autre, "%s/autre fichier", dossier_test());
	f = fopen(autre, "w");
	if (f == NULL || fclose(f) == EOF)
		echec("banc : création de %s : %s", autre, strerror(errno));
	for (size_t i = 0; i < NB_ELEMENTS(cas); i++) {
		struct proc *p = cle_de(cas[i].chemin, cas[i].id, false);
		char attendu[16], ligne[128];
		key_t k = ftok(cas[i].chemin, cas[i].valeur);

		snprintf(attendu, sizeof attendu, "0x%08x", (unsigned)k);
		if (strcmp(ligne_n(p, 0, ligne, sizeof ligne), attendu) != 0) {
			montrer(p);
			echec("Attendu : « cle %s %s » affiche d'abord %s, la clé de ftok(\"%s\", "
			      "%d) "
			      "écrite comme ipcs (0x puis 8 chiffres hexadécimaux).\nObservé : "
			      "« %s ».",
			      cas[i].chemin, cas[i].id, attendu, cas[i].chemin, cas[i].valeur,
			      ligne);
		}
	}
}

/*
 * Un fichier du système dont l'inode a des bits au-delà des 16 bas, et parmi les bits 12 à 15 :
 * sans lui, sur un /tmp en tmpfs (petits inodes), un inode non masqué, ou masqué sur 12 bits,
 * passerait inaperçu. ftok ne fait que stat : un fichier en lecture seule suffit. NULL si aucun.
 */
static const char *fichier_grand_inode(void)
{
	static char chemin[512];
	static const char *const dossiers[] = {"/usr/bin", "/usr/lib", "/etc", "/usr/share"};

	for (size_t i = 0; i < NB_ELEMENTS(dossiers); i++) {
		DIR *d = opendir(dossiers[i]);
		struct dirent *e;
		struct stat st;

		while (d != NULL && (e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.' ||
			    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
			    !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) || st.st_ino <= 0xffff ||
			    (st.st_ino & 0xf000) == 0)
				continue;
			snprintf(chemin, sizeof chemin, "%s/%s", dossiers[i], e->d_name);
			closedir(d);
			return chemin;
		}
		if (d != NULL)
			closedir(d);
	}
	return NULL;
}

/* ftok-decale.so (tests/00-cles/ftok-decale.c), inclus par le Makefile (FTOK_DECALE). */
__asm__(".pushsection .rodata\n"
        ".global ftok_decale_debut\n"
        "ftok_decale_debut:\n"
        ".incbin \"" FTOK_DECALE "\"\n"
        ".global ftok_decale_fin\n"
        "ftok_decale_fin:\n"
        ".popsection\n");
extern const unsigned char ftok_decale_debut[], ftok_decale_fin[];

/* « LD_PRELOAD=… » : la bibliothèque écrite dans le dossier de l'item (lisible par tous). */
static const char *preload_ftok_decale(void)
{
	static char env[400];
	char chemin[320];
	size_t n = (size_t)(ftok_decale_fin - ftok_decale_debut);
	int fd;

	snprintf(chemin, sizeof chemin, "%s/ftok-decale.so", dossier_test());
	fd = open(chemin, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (fd == -1 || write(fd, ftok_decale_debut, n) != (ssize_t)n || close(fd) == -1)
		echec("banc : écriture de %s : %s", chemin, strerror(errno));
	snprintf(env, sizeof env, "LD_PRELOAD=%s", chemin);
	return env;
}

/* Règle K4 : ftok rend une clé que les morceaux ne recomposent pas ; cle doit le dire (code 1). */
static void exiger_recomposition_verifiee(void)
{
	struct proc *p;
	char ligne[256], cle_decalee[64];

	etape("ftok décalé par le correcteur (LD_PRELOAD : bit bas de l'inode inversé)");
	p = lancer_ex(
	    &(struct lancement){.origine = ETUDIANT,
	                        .prog = "cle",
	                        .args = (const char *const[]){chemin_cle(), "77", NULL},
	                        .env = (const char *const[]){preload_ftok_decale(), NULL}});
	exiger_fin(p, "Attendu : « cle CHEMIN 77 » finit aussitôt.");
	snprintf(cle_decalee, sizeof cle_decalee, "0x%08x", (unsigned)ftok(chemin_cle(), 77) ^ 1);
	if (strcmp(ligne_n(p, 0, ligne, sizeof ligne), cle_decalee) != 0) {
		montrer(p);
		echec(
		    "Attendu : la première ligne est la clé que rend ftok(3), ici %s (décalée par "
		    "le correcteur).\nObservé : « %s » : la clé ne vient pas de ftok.",
		    cle_decalee, ligne);
	}
	if (code_sortie(p) != 1 || *erreurs(p) == '\0') {
		montrer(p);
		echec("Attendu : quand les morceaux ne recomposent pas la clé de ftok, cle le dit "
		      "sur la sortie d'erreur (les deux valeurs) et sort avec 1.\nObservé : %s%s.\n"
		      "  Indice : comparer (octet_id << 24 | peripherique << 16 | inode) à la clé, "
		      "puis errx(SORTIE_ECHEC, ...).",
		      decrire(p), *erreurs(p) == '\0' ? ", rien sur la sortie d'erreur" : "");
	}
}

static void verifier_composition(void)
{
	char autre[300], nouveau[320];
	const char *grand = fichier_grand_inode();
	struct cas_cle cas[] = {{chemin_cle(), "77", 77},
	                        {"/dev/null", "200", 200},
	                        {"/", "1", 1},
	                        {grand ? grand : "/", "42", 42},
	                        {autre, "9", 9}};
	FILE *f;

	snprintf(autre, sizeof autre, "%s/autre", dossier_test());
	snprintf(nouveau, sizeof nouveau, "%s/autre.nouveau", dossier_test());
	f = fopen(autre, "w");
	if (f == NULL || fclose(f) == EOF)
		echec("banc : création de %s : %s", autre, strerror(errno));
	for (size_t i = 0; i <= NB_ELEMENTS(cas); i++) {
		struct cas_cle c = cas[i < NB_ELEMENTS(cas) ? i : NB_ELEMENTS(cas) - 1];
		struct proc *p;
		struct stat st;
		char attendu[256], ligne[256], cle_vue[64];

		if (i == NB_ELEMENTS(cas)) {
			/* Un fichier remplacé (comme le fait un éditeur) : nouvel inode. */
			f = fopen(nouveau, "w");
			if (f == NULL || fclose(f) == EOF || rename(nouveau, autre) == -1)
				echec("banc : remplacement de %s : %s", autre, strerror(errno));
			etape("le correcteur remplace « %s » par un nouveau fichier (nouvel inode)",
			      autre);
		}
		p = cle_de(c.chemin, c.id, false);
		if (stat(c.chemin, &st) == -1)
			echec("banc : stat %s : %s", c.chemin, strerror(errno));
		snprintf(attendu, sizeof attendu, FORMAT_COMPOSITION, (unsigned)c.valeur & 0xff,
		         c.valeur, (unsigned)(st.st_dev & 0xff), (uintmax_t)st.st_dev,
		         (unsigned)(st.st_ino & 0xffff), (uintmax_t)st.st_ino);
		attendu[strcspn(attendu, "\n")] = '\0';
		if (strcmp(ligne_n(p, 1, ligne, sizeof ligne), attendu) != 0) {
			montrer(p);
			echec(
			    "Attendu : pour « cle %s %s », la seconde ligne\n  %s\n(l'octet bas de "
			    "l'identifiant, l'octet bas de st_dev, les 16 bits bas de st_ino).\n"
			    "Observé :\n  %s",
			    c.chemin, c.id, attendu, ligne);
		}
		snprintf(cle_vue, sizeof cle_vue, "0x%08x", (unsigned)ftok(c.chemin, c.valeur));
		if (strcmp(ligne_n(p, 0, ligne, sizeof ligne), cle_vue) != 0) {
			montrer(p);
			echec("Attendu : « cle %s %s » affiche %s (ftok).\nObservé : « %s ».",
			      c.chemin, c.id, cle_vue, ligne);
		}
		exiger_code(p, 0, "Attendu : les morceaux recomposent la clé : cle sort avec 0.");
	}
	exiger_recomposition_verifiee();
}

/* Exige l'usage et le code 2, rien sur stdout. */
static void exiger_usage(struct proc *p, const char *commande)
{
	char attendu[300];

	snprintf(attendu, sizeof attendu,
	         "Attendu : « %s » → l'usage sur la sortie d'erreur et le code 2 (arguments "
	         "invalides).",
	         commande);
	exiger_code(p, 2, attendu);
	exiger(strstr(erreurs(p), "usage") != NULL,
	       "%s\nObservé : pas de ligne d'usage sur la sortie d'erreur : « %.160s ».", attendu,
	       erreurs(p));
	exiger(*sortie(p) == '\0', "%s\nObservé : la sortie standard n'est pas vide : « %.160s ».",
	       attendu, sortie(p));
}

static void verifier_erreurs(void)
{
	static const char *const ids[] = {"0", "256", "-1", "abc", "", "12x", "1.5", "MM"};
	static const char *const options[][3] = {{"-x", NULL},      {"-i", NULL},  {"-i", "0"},
	                                         {"-i", "abc"},     {"-i", "9"},   {"-i", "60001"},
	                                         {"-1", "en-trop"}, {"-i", "100x"}};
	char absent[300], commande[600];
	struct proc *p;

	snprintf(absent, sizeof absent, "%s/absent", dossier_test());
	p = lancer(ETUDIANT, "cle", absent, "1");
	snprintf(commande, sizeof commande,
	         "Attendu : « cle %s 1 », fichier absent → un message d'erreur et le code 1 (un "
	         "appel a échoué ; ce n'est pas une erreur d'usage).",
	         absent);
	exiger_code(p, 1, commande);
	exiger(strstr(erreurs(p), absent) != NULL,
	       "%s\nObservé : le message ne nomme pas le fichier : « %.200s ».", commande,
	       erreurs(p));
	exiger(*sortie(p) == '\0',
	       "%s\nObservé : une sortie standard non vide (une clé sans fichier n'a pas de "
	       "sens) : « %.100s ».",
	       commande, sortie(p));
	for (size_t i = 0; i < NB_ELEMENTS(ids); i++) {
		snprintf(commande, sizeof commande, "cle %s '%s'", chemin_cle(), ids[i]);
		exiger_usage(lancer(ETUDIANT, "cle", chemin_cle(), ids[i]), commande);
	}
	exiger_usage(lancer(ETUDIANT, "cle", NULL), "cle");
	exiger_usage(lancer(ETUDIANT, "cle", chemin_cle()), "cle CHEMIN");
	exiger_usage(lancer(ETUDIANT, "cle", chemin_cle(), "1", "2"), "cle CHEMIN 1 2");
	for (size_t i = 0; i < NB_ELEMENTS(options); i++) {
		const char *args[3] = {options[i][0], options[i][1], NULL};

		snprintf(commande, sizeof commande, "moniteur %s%s%s", options[i][0],
		         options[i][1] ? " " : "", options[i][1] ? options[i][1] : "");
		p = lancer_ex(
		    &(struct lancement){.origine = ETUDIANT, .prog = "moniteur", .args = args});
		exiger_usage(p, commande);
	}
}

/* ---- moniteur : les files ---- */

/* Le prochain objet du genre g aura l'identifiant de numéro de séquence seq et d'indice idx
 * (IPCMNI = 32768) : un moniteur qui affiche l'indice au lieu de l'identifiant se voit. */
static void decaler_id(enum genre_ipc g, const char *quoi, int seq, int idx)
{
	int id = seq << 15 | idx;

	if (fixer_prochain_id(g, id))
		etape("le correcteur fixe l'identifiant %s à %d (indice %d dans la table du noyau)",
		      quoi, id, idx);
	else
		etape("identifiant %s non fixé (mode repli) : il diffère quand même de l'indice "
		      "(numéro de séquence non nul)",
		      quoi);
}

static void verifier_files(void)
{
	int vide = nouvelle_file(cle(1), 0600);
	int f1 = nouvelle_file(cle(2), 0600), f2, f3;
	struct depot d1 = {.nombre = 3, .tailles = {10, 20, 30}},
	             d2 = {.nombre = 1, .tailles = {7}};
	struct proc *a, *b, *c, *m;
	struct ligne_lue l;

	msgctl(vide, IPC_RMID, NULL);
	etape("le correcteur crée la file %d puis la supprime : la table a un trou", vide);
	decaler_id(FILE_MSG, "de la 2e file", 5, 2);
	f2 = nouvelle_file(cle(3), 0600);
	f3 = nouvelle_file(cle(4), 0640);
	etape("le correcteur crée les files %d, %d et %d (cette dernière avec les droits 640)", f1,
	      f2, f3);
	d1.file = f1;
	a = aide("dépose 3 messages (10, 20, 30 octets) dans la 1re file", deposer, &d1);
	b = aide("retire un message de la 1re file", retirer, &f1);
	d2.file = f2;
	c = aide("dépose un message de 7 octets dans la 2e file", deposer, &d2);

	m = releve("trois files");
	exiger(!chercher(sortie(m), "file", vide, -1, &l),
	       "Attendu : la file %d, supprimée, n'apparaît plus.\nObservé : « %s ».", vide,
	       l.texte);
	exiger_ligne(m, "file", f1, -1, &l, "la file aux messages retirés");
	exiger_cle(m, &l, cle(2));
	exiger_droits(m, &l, 0600);
	exiger_nombre(m, &l, "messages", 2, "3 déposés, 1 retiré : msg_qnum");
	exiger_nombre(m, &l, "octets", 50,
	              "20 + 30 octets en attente, sans les mtype : msg_cbytes");
	exiger_nombre(m, &l, "emetteur", pid_vu(a), "pid du dernier msgsnd : msg_lspid");
	exiger_nombre(m, &l, "recepteur", pid_vu(b), "pid du dernier msgrcv : msg_lrpid");
	struct passwd *pw = getpwuid(geteuid());
	char uid[16];

	snprintf(uid, sizeof uid, "%u", (unsigned)geteuid());
	exiger_champ(m, &l, "proprio", pw ? pw->pw_name : uid, "le nom du propriétaire");

	exiger_ligne(m, "file", f2, -1, &l, "la deuxième file");
	exiger_cle(m, &l, cle(3));
	exiger_nombre(m, &l, "messages", 1, "un message déposé");
	exiger_nombre(m, &l, "octets", 7, "un message de 7 octets");
	exiger_nombre(m, &l, "emetteur", pid_vu(c), "pid du dernier msgsnd");
	exiger_nombre(m, &l, "recepteur", 0, "personne n'a rien retiré : 0");

	exiger_ligne(m, "file", f3, -1, &l, "la file vide, la plus récente (dernier indice)");
	exiger_cle(m, &l, cle(4));
	exiger_droits(m, &l, 0640);
	exiger_nombre(m, &l, "messages", 0, "file vide");
	exiger_nombre(m, &l, "octets", 0, "file vide");
	files_sous_autre_uid(f1, f2, f3);
	supprimer_objets();
}

/* ---- moniteur : les segments ---- */

static void verifier_segments(void)
{
	struct creation c1 = {cle(5), 100, 0600, {0}}, c2 = {cle(6), 10000, 0640, {0}};
	struct proc *createur, *createur2, *p2, *m;
	struct ligne_lue l;
	int s1, s2;

	decaler_id(SEGMENT, "du segment de 100 octets", 3, 0);
	createur = aide("crée un segment de 100 octets", creer_segment, &c1);
	createur2 = aide("crée un segment de 10000 octets, droits 640", creer_segment, &c2);
	s1 = id_segment(cle(5));
	s2 = id_segment(cle(6));
	(void)attache(&s1, 1);
	p2 = attache(&s1, 2);

	m = releve("deux segments, dont un attaché deux fois");
	exiger_ligne(m, "segment", s1, -1, &l, "le segment de 100 octets attaché deux fois");
	exiger_cle(m, &l, cle(5));
	exiger_droits(m, &l, 0600);
	exiger_nombre(m, &l, "octets", 100,
	              "la taille demandée (shm_segsz), pas la taille arrondie à la page");
	exiger_nombre(m, &l, "attaches", 2, "deux processus l'ont attaché : shm_nattch");
	exiger_nombre(m, &l, "createur", pid_vu(createur), "pid du créateur : shm_cpid");
	exiger_nombre(m, &l, "dernier", pid_vu(p2), "pid du dernier shmat ou shmdt : shm_lpid");
	exiger_champ(m, &l, "etat", "-", "segment non supprimé");

	exiger_ligne(m, "segment", s2, -1, &l, "le segment de 10000 octets, jamais attaché");
	exiger_cle(m, &l, cle(6));
	exiger_droits(m, &l, 0640);
	exiger_nombre(m, &l, "octets", 10000, "la taille demandée");
	exiger_nombre(m, &l, "attaches", 0, "personne ne l'a attaché");
	exiger_nombre(m, &l, "createur", pid_vu(createur2), "pid du créateur");
	exiger_nombre(m, &l, "dernier", 0, "aucun shmat : 0");
	supprimer_objets();
}

static void verifier_detruit(void)
{
	struct creation c = {cle(7), 5000, 0600, {0}}, c2 = {cle(8), 64, 0600, {0}};
	struct proc *p, *m;
	struct ligne_lue l;
	int s, s2;

	aide("crée un segment de 5000 octets", creer_segment, &c);
	aide("crée un segment de 64 octets", creer_segment, &c2);
	s = id_segment(cle(7));
	s2 = id_segment(cle(8));
	p = attache(&s, 1);
	if (shmctl(s, IPC_RMID, NULL) == -1)
		echec("banc : shmctl(IPC_RMID) : %s", strerror(errno));
	etape("le correcteur supprime le segment %d (IPC_RMID) alors qu'il est attaché", s);

	m = releve("un segment supprimé mais encore attaché");
	exiger_ligne(m, "segment", s, -1, &l, "le segment supprimé, encore attaché");
	exiger_champ(m, &l, "etat", "dest",
	             "supprimé pendant qu'un processus l'attache : drapeau SHM_DEST dans le mode");
	exiger_cle(m, &l, IPC_PRIVATE);
	exiger_droits(m, &l, 0600);
	exiger_nombre(m, &l, "attaches", 1, "toujours attaché une fois");
	exiger_nombre(m, &l, "octets", 5000, "la taille demandée");
	exiger_ligne(m, "segment", s2, -1, &l, "l'autre segment, intact");
	exiger_champ(m, &l, "etat", "-", "segment non supprimé");

	envoyer_signal(p, SIGKILL);
	attendre_fin(p, delai(DELAI_COURT));
	etape("le dernier processus attaché meurt : le segment disparaît");
	m = releve("après la mort du dernier processus attaché");
	exiger(!chercher(sortie(m), "segment", s, -1, &l),
	       "Attendu : le segment %d a disparu avec son dernier attachement.\nObservé : « %s ».",
	       s, l.texte);
	supprimer_objets();
}

/* ---- moniteur : les sémaphores ---- */

static void verifier_semaphores(void)
{
	struct creation c = {cle(9), 4, 0600, {0, 5, 2, 32767}}, c2 = {cle(10), 1, 0640, {7}};
	struct proc *createur, *op, *m;
	struct operation o;
	struct ligne_lue l;
	int e, e2;
	static const int attendues[] = {0, 5, 3, 32767};

	decaler_id(SEMAPHORES, "de l'ensemble de 4 sémaphores", 4, 0);
	createur = aide("crée un ensemble de 4 sémaphores : 0, 5, 2, 32767", creer_ensemble, &c);
	aide("crée un ensemble d'un sémaphore valant 7, droits 640", creer_ensemble, &c2);
	e = id_ensemble(cle(9));
	e2 = id_ensemble(cle(10));
	o = (struct operation){e, 2, +1};
	op = aide("ajoute 1 au sémaphore 2 (semop)", operer, &o);

	m = releve("deux ensembles de sémaphores");
	exiger_ligne(m, "ensemble", e, -1, &l, "l'ensemble de 4 sémaphores");
	exiger_cle(m, &l, cle(9));
	exiger_droits(m, &l, 0600);
	exiger_nombre(m, &l, "nsems", 4, "4 sémaphores : sem_nsems");
	for (int num = 0; num < 4; num++) {
		char pourquoi[128];

		exiger_ligne(m, "sem", e, num, &l, "une ligne par sémaphore de l'ensemble");
		snprintf(pourquoi, sizeof pourquoi, "GETVAL du sémaphore %d de l'ensemble", num);
		exiger_nombre(m, &l, "valeur", attendues[num], pourquoi);
		exiger_nombre(m, &l, "ncnt", 0, "personne n'attend");
		exiger_nombre(m, &l, "zcnt", 0, "personne n'attend");
		exiger_nombre(m, &l, "pid", pid_vu(num == 2 ? op : createur),
		              num == 2 ? "GETPID : le dernier semop sur ce sémaphore"
		                       : "GETPID : le dernier à l'avoir modifié (SETALL)");
	}
	exiger(
	    !chercher(sortie(m), "sem", e, 4, &l),
	    "Attendu : 4 lignes de sémaphores (num 0 à 3) pour l'ensemble %d.\nObservé : « %s ».",
	    e, l.texte);
	exiger_ligne(m, "ensemble", e2, -1, &l, "l'ensemble d'un sémaphore");
	exiger_cle(m, &l, cle(10));
	exiger_droits(m, &l, 0640);
	exiger_nombre(m, &l, "nsems", 1, "un sémaphore");
	exiger_ligne(m, "sem", e2, 0, &l, "le sémaphore de l'ensemble d'un sémaphore");
	exiger_nombre(m, &l, "valeur", 7, "GETVAL");
	if (autre_uid_possible()) {
		etape("le correcteur lance le moniteur sous l'uid 65533, qui n'a pas le droit de "
		      "lire les ensembles (droits 600 et 640)");
		m = releve_sous(65533, "sous l'uid 65533");
		exiger_ligne(
		    m, "ensemble", e, -1, &l,
		    "sous un autre uid, l'ensemble de 4 sémaphores (SEM_STAT_ANY le montre)");
		exiger_ligne(m, "sem", e, 1, &l, "sous un autre uid, le sémaphore 1 de l'ensemble");
		exiger_champ(m, &l, "valeur", "?",
		             "semctl(GETVAL) refusé (EACCES) : une valeur illisible s'écrit « ? »");
		exiger_champ(m, &l, "pid", "?", "semctl(GETPID) refusé aussi : « ? »");
	} else
		etape("non vérifié ici : le correcteur ne peut pas lancer le moniteur sous un "
		      "autre uid "
		      "(il faut root hors espace de noms utilisateur)");
	supprimer_objets();
}

static void verifier_attentes(void)
{
	/* Un 3e sémaphore, inutilisé : un relevé qui oublie le dernier ne cache pas les attentes. */
	struct creation c = {cle(11), 3, 0600, {0, 1, 5}};
	struct operation p0 = {0, 0, -1}, z1 = {0, 1, 0}, p1 = {0, 1, -2};
	struct proc *m;
	struct ligne_lue l;
	int e;

	aide("crée un ensemble de 3 sémaphores : 0, 1 et 5", creer_ensemble, &c);
	e = id_ensemble(cle(11));
	p0.ensemble = z1.ensemble = p1.ensemble = e;
	for (int i = 0; i < 2; i++)
		attente(&p0);
	for (int i = 0; i < 3; i++)
		attente(&z1);
	attente(&p1);
	exiger(semctl(e, 0, GETNCNT) == 2 && semctl(e, 1, GETZCNT) == 3 &&
	           semctl(e, 1, GETNCNT) == 1,
	       "banc : GETNCNT/GETZCNT inattendus (%d, %d, %d)", semctl(e, 0, GETNCNT),
	       semctl(e, 1, GETZCNT), semctl(e, 1, GETNCNT));

	m = releve("des processus bloqués dans semop");
	/* Les valeurs sont notées par l'item semaphores : ici, les seules attentes. */
	exiger_ligne(m, "sem", e, 0, &l, "le sémaphore 0, qui vaut 0");
	exiger_nombre(m, &l, "ncnt", 2, "deux processus bloqués dans un P (semop -1) : GETNCNT");
	exiger_nombre(m, &l, "zcnt", 0, "personne n'attend qu'il soit nul : GETZCNT");
	exiger_ligne(m, "sem", e, 1, &l, "le sémaphore 1, qui vaut 1");
	exiger_nombre(m, &l, "zcnt", 3,
	              "trois processus attendent qu'il soit nul (semop 0) : GETZCNT");
	exiger_nombre(m, &l, "ncnt", 1, "un processus bloqué dans un P de 2 : GETNCNT");
	supprimer_objets();
}

/* ---- moniteur en direct ---- */

struct attente_releves {
	struct proc *p;
	int n;
};

/* Occurrences de motif dans texte. */
static int compter(const char *texte, const char *motif)
{
	int n = 0;

	for (const char *t = texte; (t = strstr(t, motif)) != NULL; t++)
		n++;
	return n;
}

static int nombre_releves(struct proc *p)
{
	return compter(sortie(p), TITRE_FILES);
}

static bool assez_de_releves(void *arg)
{
	struct attente_releves *a = arg;

	return nombre_releves(a->p) >= a->n || termine(a->p);
}

/* Attend n relevés (titres de la section des files) ; faux à l'échéance. */
static bool attendre_releves(struct proc *p, int n, int ms)
{
	struct attente_releves a = {p, n};

	return attendre(assez_de_releves, &a, ms) && nombre_releves(p) >= n;
}

/* Pour attendre que la dernière ligne complète de la file (motif « file     id=N ») ne marque
 * plus « messages=1* ». */
struct attente_eteinte {
	struct proc *p;
	const char *motif;
};

static bool etoile_eteinte(void *arg)
{
	struct attente_eteinte *a = arg;
	const char *s = sortie(a->p), *l = NULL, *fin;

	for (const char *t = s; (t = strstr(t, a->motif)) != NULL; t++)
		if (strchr(t, '\n') != NULL)
			l = t;
	if (l == NULL)
		return termine(a->p);
	fin = strchr(l, '\n');
	return (memmem(l, (size_t)(fin - l), "messages=1 ", 11) != NULL) || termine(a->p);
}

/*
 * Le changement vu (« messages=1* »), son étoile reste au moins 1,5 s sur l'horloge du
 * correcteur (deux secondes demandées ; ainsi mesurée, la charge de la machine ne fait que
 * l'allonger) et s'éteint avant l'échéance.
 */
static void exiger_tenue(struct proc *m, int f)
{
	char motif[64];
	struct attente_eteinte a = {m, motif};
	struct timespec t0;
	double d;

	snprintf(motif, sizeof motif, "file     id=%d ", f);
	maintenant(&t0);
	if (!attendre(etoile_eteinte, &a, delai(10000))) {
		montrer(m);
		echec("Attendu : le changement reste marqué deux secondes, puis l'étoile s'éteint "
		      "(« messages=1 »).\nObservé : toujours « messages=1* » après %.1f s.",
		      secondes_depuis(&t0));
	}
	d = secondes_depuis(&t0);
	if (!termine(m) && d < 1.5) {
		montrer(m);
		echec(
		    "Attendu : le changement (« messages=1* ») reste marqué pendant deux secondes."
		    "\nObservé : l'étoile s'éteint après %.2f s (%d relevé(s) de 20 ms en tout).\n"
		    "  Indice : un champ changé garde sa marque pendant TENUE_MS / MS relevés "
		    "(arrondi "
		    "au-dessus), décomptés d'un relevé au suivant.",
		    d, nombre_releves(m));
	}
	etape("l'étoile de « messages=1* » s'éteint après %.1f s", d);
}

/* Arrête le moniteur en direct par sig et exige une sortie propre (code 0). */
static void arreter(struct proc *m, int sig, const char *nom)
{
	char attendu[256];

	envoyer_signal(m, sig);
	snprintf(attendu, sizeof attendu,
	         "Attendu : en direct, %s arrête le moniteur proprement (terminal rendu), code 0.",
	         nom);
	exiger_code(m, 0, attendu);
}

#define ECRAN_SECOURS "\033[?1049h"
#define ECRAN_NORMAL  "\033[?1049l"
#define CURSEUR_CACHE "\033[?25l"
#define CURSEUR_VU    "\033[?25h"
#define INDICE_TERMINAL                                                                            \
	"\n  Indice : le mode direct donné s'en charge (preparer_terminal, restaurer_terminal, "  \
	"la "                                                                                      \
	"branche SIGTSTP de direct) : gardez-le tel quel."

/* Vrai si la dernière séquence « a » du texte suit la dernière « b » (ou si b n'y est pas). */
static bool apres_dernier(const char *texte, const char *a, const char *b)
{
	const char *da = NULL, *db = NULL;

	for (const char *t = texte; (t = strstr(t, a)) != NULL; t++)
		da = t;
	for (const char *t = texte; (t = strstr(t, b)) != NULL; t++)
		db = t;
	return da != NULL && (db == NULL || da > db);
}

/* Le terminal est rendu : écran normal et curseur visible, après leur dernier changement. */
static bool terminal_rendu(struct proc *m)
{
	const char *t = sortie(m);

	return apres_dernier(t, ECRAN_NORMAL, ECRAN_SECOURS) &&
	       apres_dernier(t, CURSEUR_VU, CURSEUR_CACHE);
}

struct reprise {
	struct proc *m;
	int avant; /* entrées dans l'écran de secours avant SIGCONT */
};

static bool repris(void *arg)
{
	struct reprise *r = arg;

	return termine(r->m) || compter(sortie(r->m), ECRAN_SECOURS) > r->avant;
}

/*
 * Règle M21 : sortie sur un pseudo-terminal. Écran de secours dès le départ, changement en
 * vidéo inverse ; Ctrl-Z (SIGTSTP) rend le terminal avant l'arrêt, SIGCONT reprend l'écran de
 * secours ; SIGINT rend le terminal en partant.
 */
static void exiger_terminal(int f)
{
	struct depot d = {.file = f, .nombre = 1, .tailles = {3}};
	struct reprise r;
	struct proc *m;

	if (!terminal_possible()) {
		etape("sur un terminal : non vérifié, aucun pseudo-terminal ne s'ouvre ici "
		      "(/dev/pts absent ?)");
		return;
	}
	etape("moniteur -i 20, sa sortie sur un pseudo-terminal");
	m = lancer_ex(&(struct lancement){.origine = ETUDIANT,
	                                  .prog = "moniteur",
	                                  .args = (const char *const[]){"-i", "20", NULL},
	                                  .terminal = true});
	exiger_texte(m, ECRAN_SECOURS,
	             "Attendu : sur un terminal, le moniteur en direct passe à l'écran de secours "
	             "(ESC [?1049h, comme less ou top).");
	/* Le premier relevé affiché a été pris : le dépôt qui suit est un changement. */
	exiger_texte(m, "relevé 1,", "Attendu : sur un terminal, le moniteur affiche son relevé.");
	aide("dépose un message dans la file", deposer, &d);
	exiger_texte(m, "\033[7mmessages=",
	             "Attendu : sur un terminal, un champ qui vient de changer est en vidéo "
	             "inverse (ESC [7m) : « messages=… » après un msgsnd.");
	envoyer_signal(m, SIGTSTP);
	if (!attendre_arrete(m, delai(DELAI_COURT)))
		echec("Attendu : sur Ctrl-Z (SIGTSTP), le moniteur rend le terminal puis s'arrête "
		      "(état T).\nObservé : %s." INDICE_TERMINAL,
		      decrire(m));
	exiger(terminal_rendu(m),
	       "Attendu : avant de s'arrêter sur Ctrl-Z, le moniteur rend le terminal (écran "
	       "normal ESC [?1049l, curseur visible ESC [?25h), sans quoi le shell reprend la main "
	       "sur l'écran de secours, curseur caché.\nObservé : arrêté sans l'avoir "
	       "rendu." INDICE_TERMINAL);
	r = (struct reprise){m, compter(sortie(m), ECRAN_SECOURS)};
	reprendre(m);
	if (!attendre(repris, &r, delai(DELAI_COURT)))
		echec("Attendu : relancé (SIGCONT, comme fg), le moniteur reprend l'écran de "
		      "secours.\nObservé : %s, sans ESC [?1049h depuis sa reprise." INDICE_TERMINAL,
		      decrire(m));
	arreter(m, SIGINT, "Ctrl-C (SIGINT), sur un terminal,");
	exiger(terminal_rendu(m),
	       "Attendu : en partant (SIGINT), le moniteur rend le terminal tel qu'il l'a trouvé "
	       "(écran normal ESC [?1049l, curseur visible ESC [?25h).\nObservé : sorti sans "
	       "l'avoir rendu." INDICE_TERMINAL);
}

static void verifier_direct(void)
{
	/* Chaque file suivie a une voisine d'indice plus grand : le parcours jusqu'au dernier
	 * indice est noté par l'item files, pas ici. */
	int f = nouvelle_file(cle(1), 0600), f2;
	struct depot d = {.file = f, .nombre = 1, .tailles = {5}};
	struct proc *m, *m2;
	char texte[64];

	nouvelle_file(cle(3), 0600);
	m = lancer(ETUDIANT, "moniteur", "-i", "20");
	snprintf(texte, sizeof texte, "file     id=%d ", f);
	if (!attendre_texte(m, texte, delai(DELAI_COURT))) {
		struct ligne_lue l;

		montrer(m);
		if (chercher(sortie(m), "file", f & 0x7fff, -1, &l))
			echec_indice("au premier relevé de moniteur -i 20", "file", f, l.texte);
		echec("Attendu : moniteur -i 20 affiche aussitôt un relevé, avec la file du "
		      "correcteur.\nObservé : « %s» n'apparaît pas sur la sortie standard de %s.",
		      texte, decrire(m));
	}
	aide("dépose un message dans la file", deposer, &d);
	exiger_texte(
	    m, "messages=1*",
	    "Attendu : en direct, sur une sortie qui n'est pas un terminal, un champ qui a "
	    "changé est suivi d'une étoile : « messages=1* » après un msgsnd.");
	exiger_tenue(m, f);
	f2 = nouvelle_file(cle(2), 0600);
	etape("le correcteur crée les files %d et %d", f2, nouvelle_file(cle(4), 0600));
	snprintf(texte, sizeof texte, "id=%d*", f2);
	exiger_texte(
	    m, texte,
	    "Attendu : en direct, une nouvelle file apparaît au relevé suivant, ses champs "
	    "marqués d'une étoile.");
	msgctl(f2, IPC_RMID, NULL);
	etape("le correcteur supprime la file %d", f2);
	snprintf(texte, sizeof texte, "disparus : file %d", f2);
	exiger_texte(
	    m, texte,
	    "Attendu : en direct, une file qui vient de disparaître est citée sur une ligne "
	    "« disparus : file ID ».");
	/* Au rythme par défaut (500 ms), 20 relevés prendraient près de 10 s. */
	if (!attendre_releves(m, 20, delai(4000))) {
		montrer(m);
		echec("Attendu : avec -i 20, un relevé toutes les 20 ms : 20 relevés en moins de "
		      "%.1f s.\nObservé : %d relevé(s) en %.1f s ; %s.",
		      delai(4000) / 1000.0, nombre_releves(m), duree_secondes(m), decrire(m));
	}
	exiger(strchr(sortie(m), '\033') == NULL,
	       "Attendu : sur une sortie qui n'est pas un terminal, aucune séquence d'échappement "
	       "(couleurs, effacement).\nObservé : un caractère ESC dans la sortie.");
	arreter(m, SIGINT, "Ctrl-C (SIGINT)");

	m2 = lancer(ETUDIANT, "moniteur", NULL);
	exiger_texte(m2, TITRE_FILES,
	             "Attendu : moniteur sans option affiche un relevé toutes les 500 ms.");
	arreter(m2, SIGTERM, "SIGTERM");
	m2 = lancer(ETUDIANT, "moniteur", "-i", "20");
	exiger_texte(m2, TITRE_FILES, "Attendu : moniteur -i 20 affiche un relevé.");
	arreter(m2, SIGHUP, "SIGHUP (terminal fermé)");
	exiger_terminal(f);
	supprimer_objets();
}

/* ---- nettoyage et valgrind ---- */

struct instantane {
	struct msqid_ds file;
	struct shmid_ds segment;
	struct semid_ds ensemble;
	int valeurs[2], pids[2]; /* GETVAL, GETPID : un semop se voit au pid, pas à l'heure */
};

static void photographier(int f, int s, int e, struct instantane *i)
{
	union semun u = {.buf = &i->ensemble};

	if (msgctl(f, IPC_STAT, &i->file) == -1 || shmctl(s, IPC_STAT, &i->segment) == -1 ||
	    semctl(e, 0, IPC_STAT, u) == -1)
		echec("banc : IPC_STAT : %s", strerror(errno));
	for (int n = 0; n < 2; n++) {
		i->valeurs[n] = semctl(e, n, GETVAL);
		i->pids[n] = semctl(e, n, GETPID);
	}
}

/* Les objets d'un scénario complet : une file, un segment attaché, un ensemble attendu ;
 * renvoie le processus qui attache le segment. */
static struct proc *peupler(int *f, int *s, int *e)
{
	struct creation cs = {cle(12), 256, 0600, {0}}, ce = {cle(13), 2, 0600, {1, 0}};
	struct depot d = {.nombre = 2, .tailles = {8, 16}};
	static struct operation z;
	struct proc *p;

	*f = nouvelle_file(cle(14), 0600);
	d.file = *f;
	aide("dépose 2 messages", deposer, &d);
	aide("crée un segment de 256 octets", creer_segment, &cs);
	*s = id_segment(cle(12));
	p = attache(s, 1);
	aide("crée un ensemble de 2 sémaphores", creer_ensemble, &ce);
	*e = id_ensemble(cle(13));
	z = (struct operation){*e, 0, 0};
	attente(&z);
	return p;
}

static void verifier_nettoyage(void)
{
	struct instantane avant, apres;
	struct proc *m, *p, *attachee;
	int f, s, e;

	attachee = peupler(&f, &s, &e);
	photographier(f, s, e, &avant);
	/* Seul compte ce que cle et moniteur touchent : leurs affichages et leurs codes de sortie
	 * sont notés par les autres items. */
	p = lancer(ETUDIANT, "cle", chemin_cle(), "1");
	attendre_fin(p, delai(DELAI_COURT));
	releve("scénario complet");
	m = lancer(ETUDIANT, "moniteur", "-i", "20");
	if (!attendre_releves(m, 3, delai(DELAI_COURT)))
		echec("Non évaluable : moniteur -i 20 n'affiche pas de relevés (%s) : voir l'item "
		      "direct. Ici ne compte que ce que le moniteur touche.",
		      decrire(m));
	envoyer_signal(m, SIGINT);
	attendre_fin(m, delai(DELAI_COURT));
	photographier(f, s, e, &apres);
	/* Des pids et des compteurs, pas des heures (à la seconde près, elles ne prouvent rien). */
	exiger(apres.file.msg_qnum == avant.file.msg_qnum &&
	           apres.file.msg_lspid == avant.file.msg_lspid &&
	           apres.file.msg_lrpid == avant.file.msg_lrpid &&
	           apres.file.msg_qbytes == avant.file.msg_qbytes &&
	           apres.file.msg_perm.mode == avant.file.msg_perm.mode,
	       "Attendu : le moniteur ne fait que regarder : la file garde ses messages, ses "
	       "droits et sa capacité.\nObservé : %lu message(s) avant, %lu après ; dernier "
	       "msgsnd par le pid %d puis %d, dernier msgrcv par %d puis %d.",
	       (unsigned long)avant.file.msg_qnum, (unsigned long)apres.file.msg_qnum,
	       (int)avant.file.msg_lspid, (int)apres.file.msg_lspid, (int)avant.file.msg_lrpid,
	       (int)apres.file.msg_lrpid);
	exiger(apres.segment.shm_nattch == avant.segment.shm_nattch &&
	           apres.segment.shm_lpid == avant.segment.shm_lpid &&
	           apres.segment.shm_perm.mode == avant.segment.shm_perm.mode,
	       "Attendu : le moniteur ne fait que regarder : il n'attache pas les segments (shmat "
	       "est inutile pour lire leur état).\nObservé : dernier shmat ou shmdt par le pid %d "
	       "(avant : %d).",
	       (int)apres.segment.shm_lpid, (int)avant.segment.shm_lpid);
	exiger(apres.valeurs[0] == avant.valeurs[0] && apres.valeurs[1] == avant.valeurs[1] &&
	           apres.pids[0] == avant.pids[0] && apres.pids[1] == avant.pids[1] &&
	           apres.ensemble.sem_perm.mode == avant.ensemble.sem_perm.mode,
	       "Attendu : le moniteur ne fait que regarder : aucun semop ni SETVAL.\nObservé : les "
	       "sémaphores valent %d, %d (avant : %d, %d), dernier pid %d, %d (avant : %d, %d).",
	       apres.valeurs[0], apres.valeurs[1], avant.valeurs[0], avant.valeurs[1],
	       apres.pids[0], apres.pids[1], avant.pids[0], avant.pids[1]);
	envoyer_signal(attachee, SIGKILL);
	attendre_fin(attachee, delai(DELAI_COURT));
	msgctl(f, IPC_RMID, NULL);
	shmctl(s, IPC_RMID, NULL);
	semctl(e, 0, IPC_RMID);
	etape("le correcteur supprime ses trois objets");
	exiger_aucun_objet("après cle et moniteur : ils ne créent aucun objet");
	exiger_aucune_fuite_precedente();
}

/* Exige qu'un programme lancé sous memcheck finisse sans erreur mémoire ; son code de sortie et
 * ce qu'il affiche sont notés par les autres items. */
static void exiger_propre(struct proc *p, const char *attendu)
{
	if (!attendre_fin_sobre(p, delai(DELAI_COURT) * (mode_valgrind() ? 1 : 5)))
		echec("Non évaluable : %s : le programme ne s'est pas terminé sous valgrind (%s), "
		      "et memcheck ne conclut qu'à la fin. Ce qu'il devait faire est noté par les "
		      "autres items.",
		      attendu, decrire(p));
	exiger_memcheck(p);
}

static struct proc *sous_valgrind(const char *prog, const char *const *args)
{
	return lancer_ex(
	    &(struct lancement){.origine = ETUDIANT, .prog = prog, .args = args, .valgrind = true});
}

static void verifier_valgrind(void)
{
	char absent[300];
	struct proc *m;
	int f, s, e, f2;
	struct depot d = {.nombre = 1, .tailles = {3}};

	snprintf(absent, sizeof absent, "%s/absent", dossier_test());
	(void)peupler(&f, &s, &e);
	if (shmctl(s, IPC_RMID, NULL) == -1)
		echec("banc : shmctl(IPC_RMID) : %s", strerror(errno));
	exiger_propre(sous_valgrind("cle", (const char *const[]){chemin_cle(), "M", NULL}),
	              "cle CHEMIN M");
	exiger_propre(sous_valgrind("cle", (const char *const[]){absent, "1", NULL}),
	              "cle FICHIER-ABSENT 1");
	exiger_propre(sous_valgrind("cle", (const char *const[]){chemin_cle(), "256", NULL}),
	              "cle CHEMIN 256 (ID refusé)");
	exiger_propre(sous_valgrind("moniteur", (const char *const[]){"-i", "5", NULL}),
	              "moniteur -i 5 (intervalle refusé)");
	exiger_propre(sous_valgrind("moniteur", (const char *const[]){"-1", NULL}), "moniteur -1");
	m = sous_valgrind("moniteur", (const char *const[]){"-i", "20", NULL});
	if (!attendre_releves(m, 2, delai(5 * DELAI_COURT)))
		echec("Attendu : moniteur -i 20 sous valgrind affiche des relevés.\nObservé : %s.",
		      decrire(m));
	d.file = f;
	aide("dépose un message", deposer, &d);
	f2 = nouvelle_file(cle(15), 0600);
	msgctl(f, IPC_RMID, NULL);
	etape("le correcteur crée la file %d et supprime la file %d", f2, f);
	if (!attendre_releves(m, nombre_releves(m) + 3, delai(5 * DELAI_COURT)))
		echec("Attendu : moniteur -i 20 sous valgrind continue ses relevés.\nObservé : %s.",
		      decrire(m));
	envoyer_signal(m, SIGINT);
	exiger_propre(m, "moniteur -i 20, arrêté par SIGINT");
	supprimer_objets();
}

static const struct item items[] = {
    {"cle", 2, "cle CHEMIN ID affiche la clé de ftok (0x%08x) pour plusieurs fichiers et id",
     "ftok(chemin, id) ; afficher la clé avec FORMAT_CLE : printf(\"0x%08x\") d'une valeur "
     "non signée (une clé dont l'octet haut dépasse 127 est négative dans un key_t).",
     verifier_cles, NOTE},
    {"composition", 2, "la seconde ligne de cle décompose la clé : id, périphérique, inode",
     "ftok garde id & 0xff (bits 24 à 31), st_dev & 0xff (bits 16 à 23) et st_ino & 0xffff "
     "(bits 0 à 15) : masquer AVANT d'afficher.",
     verifier_composition, NOTE},
    {"erreurs", 2, "fichier absent : code 1 ; ID ou option invalide : usage et code 2",
     "stat échoue (ENOENT) : err(SORTIE_ECHEC, ...) ; un argument invalide se refuse avant "
     "toute action avec usage() (argument_entier, getopt).",
     verifier_erreurs, NOTE},
    {"files", 3, "moniteur -1 : les files, avec messages, octets, émetteur et récepteur",
     "msgctl(0, MSG_INFO) donne le plus grand indice occupé ; MSG_STAT_ANY pour chaque indice "
     "de 0 à ce maximum compris, en sautant les trous ; msg_cbytes, msg_lspid, msg_lrpid.",
     verifier_files, NOTE},
    {"segments", 2, "moniteur -1 : les segments, avec taille, attachements et pids",
     "shmctl(0, SHM_INFO) puis SHM_STAT_ANY par indice ; shm_segsz est la taille demandée, "
     "shm_nattch le nombre d'attachements.",
     verifier_segments, NOTE},
    {"detruit", 2, "moniteur -1 : un segment supprimé mais attaché apparaît dest, clé 0",
     "IPC_RMID sur un segment attaché pose SHM_DEST dans shm_perm.mode et rend sa clé privée ; "
     "les droits sont mode & 0777.",
     verifier_detruit, NOTE},
    {"semaphores", 2, "moniteur -1 : chaque ensemble, puis la valeur et le pid de chaque sémaphore",
     "semctl(0, 0, SEM_INFO) puis SEM_STAT_ANY par indice ; semctl(id, num, GETVAL) pour CHAQUE "
     "num de 0 à sem_nsems - 1, et GETPID.",
     verifier_semaphores, NOTE},
    {"attentes", 2, "moniteur -1 : GETNCNT et GETZCNT des processus bloqués dans semop",
     "GETNCNT compte les processus bloqués dans un P (sem_op < 0), GETZCNT ceux qui attendent "
     "zéro (sem_op == 0).",
     verifier_attentes, NOTE},
    {"direct", 1, "moniteur -i MS : relevés réguliers, changements marqués, arrêt propre",
     "Le mode direct (donné) relève toutes les MS ms, marque ce qui change et s'arrête sur "
     "SIGINT/SIGTERM avec le code 0 : ne pas le casser.",
     verifier_direct, NOTE},
    {"nettoyage", 1, "cle et moniteur ne créent, ne modifient ni ne laissent aucun objet",
     "Le moniteur lit l'état avec les *ctl (STAT, GETVAL...) : jamais msgrcv, shmat, semop, "
     "ni objet créé pour l'occasion (l'identifiant de MSG_INFO est ignoré : 0).",
     verifier_nettoyage, NOTE},
    {"valgrind", 1, "aucune erreur mémoire sous valgrind",
     "Libérer chaque relevé (liberer) ; initialiser ce qu'on lit.", verifier_valgrind, NOTE},
};

static const struct tp tp = {"00-cles", items, NB_ELEMENTS(items)};

int main(int argc, char **argv)
{
	return banc_main(argc, argv, &tp);
}
