/*
 * moniteur.c : tous les objets System V visibles et leur état, une fois ou en direct (TP 0).
 *
 *   moniteur [-1] [-i MS]
 *
 * Trois sections, comme ipcs : files de messages, segments de mémoire partagée, ensembles de
 * sémaphores. Pour chaque objet, ce que ipcs ne montre pas d'un coup d'œil : derniers pids
 * émetteur et récepteur d'une file, segment détruit mais encore attaché (dest), valeur de chaque
 * sémaphore et nombre de processus qui l'attendent (GETNCNT, GETZCNT).
 *
 * -1 : un seul relevé, puis fin (pour les scripts et le correcteur). Sinon, un relevé toutes
 * les MS millisecondes (500 par défaut), les changements mis en évidence, jusqu'à Ctrl-C.
 */
#include "cles.h"
#include "commun.h"

#include <err.h>
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <stdint.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- Donné : un relevé est une liste de lignes « genre nom=valeur nom=valeur ... » ---- */

enum genre { FILE_MSG, SEGMENT, ENSEMBLE, SEMAPHORE };

static const char *const noms_genres[] = {"file", "segment", "ensemble", "  sem"};

#define MAX_CHAMPS    10
#define TAILLE_VALEUR 32

struct champ {
	const char *nom;
	char valeur[TAILLE_VALEUR];
	int eclat; /* relevés pendant lesquels le champ reste mis en évidence (direct) */
};

struct ligne {
	enum genre genre;
	int id;
	int num; /* numéro du sémaphore dans son ensemble ; -1 pour les autres genres */
	int nb;
	struct champ champs[MAX_CHAMPS];
};

/* Un objet qui vient de disparaître, signalé en direct pendant quelques relevés. */
struct disparu {
	enum genre genre;
	int id;
	int tenue;
};

struct releve {
	struct ligne *lignes;
	size_t nb, capacite;
	struct disparu *disparus;
	size_t nb_disparus;
};

static void liberer(struct releve *r)
{
	free(r->lignes);
	free(r->disparus);
	memset(r, 0, sizeof *r);
}

/* Ajoute à la ligne le champ nom=valeur (valeur mise en forme comme printf). */
static void champ(struct ligne *l, const char *nom, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void champ(struct ligne *l, const char *nom, const char *fmt, ...)
{
	va_list ap;

	if (l->nb == MAX_CHAMPS)
		errx(SORTIE_ECHEC, "trop de champs sur une ligne (%s)", nom);
	l->champs[l->nb].nom = nom;
	va_start(ap, fmt);
	vsnprintf(l->champs[l->nb].valeur, TAILLE_VALEUR, fmt, ap);
	va_end(ap);
	l->nb++;
}

/* Ajoute le résultat v d'un semctl de lecture : « ? » si l'appel a échoué (v == -1). */
static void champ_sem(struct ligne *l, const char *nom, int v)
{
	if (v == -1)
		champ(l, nom, "?");
	else
		champ(l, nom, "%d", v);
}

/* Ajoute au relevé une ligne du genre g pour l'objet id (num : -1, sauf pour un sémaphore),
 * avec ses premiers champs : id=, et num= pour un sémaphore. */
static struct ligne *nouvelle_ligne(struct releve *r, enum genre g, int id, int num)
{
	struct ligne *l;

	if (r->nb == r->capacite) {
		size_t capacite = r->capacite ? 2 * r->capacite : 64;
		struct ligne *t = realloc(r->lignes, capacite * sizeof *t);

		if (t == NULL)
			err(SORTIE_ECHEC, "realloc");
		r->lignes = t;
		r->capacite = capacite;
	}
	l = &r->lignes[r->nb++];
	memset(l, 0, sizeof *l);
	l->genre = g;
	l->id = id;
	l->num = num;
	champ(l, "id", "%d", id);
	if (g == SEMAPHORE)
		champ(l, "num", "%d", num);
	return l;
}

/* Nom du propriétaire d'uid (le dernier trouvé est gardé) ; son numéro s'il n'a pas de nom. */
static const char *nom_utilisateur(uid_t uid)
{
	static char nom[TAILLE_VALEUR];
	static uid_t dernier;
	static bool connu;
	struct passwd *pw;

	if (connu && uid == dernier)
		return nom;
	pw = getpwuid(uid);
	if (pw != NULL)
		snprintf(nom, sizeof nom, "%s", pw->pw_name);
	else
		snprintf(nom, sizeof nom, "%u", (unsigned)uid);
	dernier = uid;
	connu = true;
	return nom;
}

/* ---- Étapes 3 à 5 : relever les objets, comme ipcs ---- */

/* Les champs communs aux trois genres, lus dans la struct ipc_perm de l'objet. */
static void champs_communs(struct ligne *l, const struct ipc_perm *perm)
{
	/*
	 * À FAIRE (étape 3) : trois champs, avec champ(l, nom, format, valeur) :
	 *  - "cle" : la clé (perm->__key) écrite comme ipcs, sur 8 chiffres hexadécimaux ;
	 *  - "proprio" : le nom du propriétaire (perm->uid), avec nom_utilisateur() ;
	 *  - "droits" : les 9 bits de droits seuls, en octal sur 3 chiffres (mode contient aussi
	 *    d'autres drapeaux, comme SHM_DEST pour un segment).
	 */
	unsigned droits = perm->mode & (S_IRWXU | S_IRWXG | S_IRWXO);

	champ(l, "cle", "0x%08x", (unsigned int)perm->__key);
	champ(l, "proprio", "%s", nom_utilisateur(perm->uid));
	champ(l, "droits", "%o%o%o", droits >> 6, (droits >> 3) & 7, droits & 7);
}

/* Ajoute au relevé une ligne par file de messages. */
static void relever_files(struct releve *r)
{
	/*
	 * À FAIRE (étape 3) : comme ipcs, demander au noyau le plus grand indice occupé de sa
	 * table des files : msgctl(0, MSG_INFO, (struct msqid_ds *)&info) avec une
	 * struct msginfo info (le résultat est cet indice ; -1 : err()). Puis, pour chaque indice
	 * i de 0 à ce maximum COMPRIS, msgctl(i, MSG_STAT_ANY, &ds) remplit une struct msqid_ds
	 * et renvoie l'IDENTIFIANT de la file (pas i) ; -1 veut dire « emplacement vide » (la
	 * table a des trous) : passer au suivant. Mettre ds à zéro avant l'appel : valgrind ne
	 * connaît pas MSG_STAT_ANY et croirait sinon ses champs non initialisés.
	 * Pour chaque file : l = nouvelle_ligne(r, FILE_MSG, id, -1), champs_communs(l,
	 * &ds.msg_perm), puis les champs "messages" (msg_qnum), "octets" (msg_cbytes : octets en
	 * attente, hors mtype), "emetteur" (msg_lspid) et "recepteur" (msg_lrpid), dans cet ordre.
	 */
	struct msginfo mi;
	struct msqid_ds q;
	int dernier = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	int indice = 0;

	if (dernier == -1)
		err(SORTIE_ECHEC, "msgctl MSG_INFO");
	while (indice <= dernier) {
		memset(&q, 0, sizeof(q));
		int ident = msgctl(indice++, MSG_STAT_ANY, &q);
		if (ident == -1)
			continue;
		struct ligne *ligne = nouvelle_ligne(r, FILE_MSG, ident, -1);
		champs_communs(ligne, &q.msg_perm);
		champ(ligne, "messages", "%ju", (uintmax_t)q.msg_qnum);
		champ(ligne, "octets", "%ju", (uintmax_t)q.__msg_cbytes);
		champ(ligne, "emetteur", "%ld", (long)q.msg_lspid);
		champ(ligne, "recepteur", "%ld", (long)q.msg_lrpid);
	}
}

/* Ajoute au relevé une ligne par segment de mémoire partagée. */
static void relever_segments(struct releve *r)
{
	/*
	 * À FAIRE (étape 4) : même parcours avec shmctl : SHM_INFO (struct shm_info, à convertir
	 * en struct shmid_ds * comme pour MSG_INFO), puis SHM_STAT_ANY pour chaque indice (ds
	 * mise à zéro avant, comme à l'étape 3). Pour chaque segment : nouvelle_ligne(r, SEGMENT,
	 * id, -1), champs_communs, puis "octets" (la taille demandée, shm_segsz), "attaches"
	 * (shm_nattch), "createur" (shm_cpid), "dernier" (shm_lpid : dernier shmat ou shmdt) et
	 * "etat" : "dest" si le drapeau SHM_DEST est dans shm_perm.mode (segment supprimé mais
	 * encore attaché), "-" sinon.
	 */
	struct shm_info si;
	struct shmid_ds s;
	int dernier = shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
	int indice = 0;

	if (dernier == -1)
		err(SORTIE_ECHEC, "shmctl SHM_INFO");
	while (indice <= dernier) {
		memset(&s, 0, sizeof(s));
		int ident = shmctl(indice++, SHM_STAT_ANY, &s);
		if (ident == -1)
			continue;
		struct ligne *ligne = nouvelle_ligne(r, SEGMENT, ident, -1);
		champs_communs(ligne, &s.shm_perm);
		champ(ligne, "octets", "%ju", (uintmax_t)s.shm_segsz);
		champ(ligne, "attaches", "%ju", (uintmax_t)s.shm_nattch);
		champ(ligne, "createur", "%ld", (long)s.shm_cpid);
		champ(ligne, "dernier", "%ld", (long)s.shm_lpid);
		if (s.shm_perm.mode & SHM_DEST)
			champ(ligne, "etat", "dest");
		else
			champ(ligne, "etat", "-");
	}
}

/* Ajoute au relevé une ligne par ensemble, suivie d'une ligne par sémaphore. */
static void relever_semaphores(struct releve *r)
{
	/*
	 * À FAIRE (étape 5) : même parcours avec semctl et l'union semun : SEM_INFO (champ
	 * __buf de l'union pointant sur une struct seminfo), puis SEM_STAT_ANY pour chaque indice
	 * (champ buf pointant sur une struct semid_ds mise à zéro). Pour chaque ensemble :
	 * nouvelle_ligne(r, ENSEMBLE, id, -1), champs_communs, "nsems" (sem_nsems) ; puis pour
	 * chaque sémaphore num de l'ensemble, une ligne nouvelle_ligne(r, SEMAPHORE, id, num) avec
	 * champ_sem() pour "valeur" (GETVAL), "ncnt" (GETNCNT : processus bloqués dans un P),
	 * "zcnt" (GETZCNT : bloqués dans une attente de zéro) et "pid" (GETPID : dernier
	 * processus qui a opéré), chacun lu par semctl(id, num, COMMANDE).
	 */
	static const struct {
		const char *nom;
		int commande;
	} lectures[] = {{"valeur", GETVAL}, {"ncnt", GETNCNT}, {"zcnt", GETZCNT}, {"pid", GETPID}};
	struct seminfo infos;
	struct semid_ds e;
	union semun u = {.__buf = &infos};
	int dernier = semctl(0, 0, SEM_INFO, u);

	if (dernier == -1)
		err(SORTIE_ECHEC, "semctl SEM_INFO");
	for (int indice = 0; indice <= dernier; indice++) {
		memset(&e, 0, sizeof(e));
		u.buf = &e;
		int ident = semctl(indice, 0, SEM_STAT_ANY, u);
		if (ident == -1)
			continue;
		struct ligne *ligne = nouvelle_ligne(r, ENSEMBLE, ident, -1);
		champs_communs(ligne, &e.sem_perm);
		champ(ligne, "nsems", "%ju", (uintmax_t)e.sem_nsems);
		for (unsigned long num = 0; num < e.sem_nsems; num++) {
			ligne = nouvelle_ligne(r, SEMAPHORE, ident, (int)num);
			for (size_t c = 0; c < sizeof lectures / sizeof lectures[0]; c++)
				champ_sem(ligne, lectures[c].nom,
				          semctl(ident, (int)num, lectures[c].commande));
		}
	}
}

static void relever(struct releve *r)
{
	relever_files(r);
	relever_segments(r);
	relever_semaphores(r);
}

/* ---- Donné : ce qui a changé depuis le relevé précédent ---- */

/* La ligne de même genre, id et num dans r (on essaie d'abord le même rang) ; NULL sinon. */
static const struct ligne *trouver(const struct releve *r, size_t rang, const struct ligne *l)
{
	for (size_t k = 0; k < r->nb; k++) {
		const struct ligne *a = &r->lignes[(rang + k) % r->nb];

		if (a->genre == l->genre && a->id == l->id && a->num == l->num)
			return a;
	}
	return NULL;
}

static void noter_disparu(struct releve *r, enum genre g, int id, int tenue)
{
	struct disparu *t = realloc(r->disparus, (r->nb_disparus + 1) * sizeof *t);

	if (t == NULL)
		err(SORTIE_ECHEC, "realloc");
	r->disparus = t;
	r->disparus[r->nb_disparus++] = (struct disparu){g, id, tenue};
}

/*
 * Met en évidence pendant tenue relevés chaque champ qui a changé depuis ancien (tous ceux
 * d'un objet nouveau), et note les objets disparus. Sans ancien (premier relevé) : rien.
 */
static void comparer(struct releve *r, const struct releve *ancien, int tenue)
{
	if (ancien == NULL)
		return;
	for (size_t i = 0; i < r->nb; i++) {
		struct ligne *l = &r->lignes[i];
		const struct ligne *a = trouver(ancien, i, l);

		for (int c = 0; c < l->nb; c++) {
			if (a == NULL || c >= a->nb ||
			    strcmp(a->champs[c].valeur, l->champs[c].valeur) != 0)
				l->champs[c].eclat = tenue;
			else if (a->champs[c].eclat > 0)
				l->champs[c].eclat = a->champs[c].eclat - 1;
		}
	}
	for (size_t i = 0; i < ancien->nb; i++) {
		const struct ligne *a = &ancien->lignes[i];

		if (a->genre != SEMAPHORE && trouver(r, i, a) == NULL)
			noter_disparu(r, a->genre, a->id, tenue);
	}
	for (size_t i = 0; i < ancien->nb_disparus; i++) {
		const struct disparu *d = &ancien->disparus[i];
		struct ligne l = {.genre = d->genre, .id = d->id, .num = -1};

		if (d->tenue > 1 && trouver(r, 0, &l) == NULL)
			noter_disparu(r, d->genre, d->id, d->tenue - 1);
	}
}

/* ---- Donné : l'affichage ---- */

/* Mise en évidence : vidéo inverse sur un terminal, sinon une étoile après la valeur. */
#define INVERSE     "\033[7m"
#define NORMAL      "\033[0m"
#define GRAS        "\033[1m"
#define ROUGE       "\033[31m"
#define EFFACER_FIN "\033[K"

struct style {
	bool direct;   /* mettre en évidence les changements */
	bool terminal; /* séquences d'échappement permises */
};

static bool dans_section(enum genre section, enum genre g)
{
	return g == section || (section == ENSEMBLE && g == SEMAPHORE);
}

/* Une section : son titre, puis ses lignes, en colonnes alignées. */
static void ecrire_section(FILE *f, const struct releve *r, const char *titre, enum genre section,
                           struct style s)
{
	int largeurs[SEMAPHORE + 1][MAX_CHAMPS] = {{0}};
	size_t n = 0;

	for (size_t i = 0; i < r->nb; i++) {
		const struct ligne *l = &r->lignes[i];

		if (!dans_section(section, l->genre))
			continue;
		n += l->genre == section;
		for (int c = 0; c < l->nb; c++) {
			int lg = (int)(strlen(l->champs[c].nom) + 1 + strlen(l->champs[c].valeur));

			if (lg > largeurs[l->genre][c])
				largeurs[l->genre][c] = lg;
		}
	}
	fprintf(f, "%s%s : %zu ---%s\n", s.terminal ? GRAS : "", titre, n,
	        s.terminal ? NORMAL EFFACER_FIN : "");
	for (size_t i = 0; i < r->nb; i++) {
		const struct ligne *l = &r->lignes[i];

		if (!dans_section(section, l->genre))
			continue;
		fprintf(f, "%-8s", noms_genres[l->genre]);
		for (int c = 0; c < l->nb; c++) {
			const struct champ *ch = &l->champs[c];
			bool eclat = s.direct && ch->eclat > 0;
			int lg = (int)(strlen(ch->nom) + 1 + strlen(ch->valeur));
			int etoile = s.direct && !s.terminal; /* place réservée à l'étoile */

			fprintf(f, " %s%s=%s%s", eclat && s.terminal ? INVERSE : "", ch->nom,
			        ch->valeur, eclat ? (s.terminal ? NORMAL : "*") : "");
			if (c + 1 < l->nb) /* aligner la colonne suivante */
				fprintf(f, "%*s", largeurs[l->genre][c] - lg + (etoile && !eclat),
				        "");
		}
		fprintf(f, "%s\n", s.terminal ? EFFACER_FIN : "");
	}
}

static void ecrire_releve(FILE *f, const struct releve *r, struct style s)
{
	ecrire_section(f, r, TITRE_FILES, FILE_MSG, s);
	ecrire_section(f, r, TITRE_SEGMENTS, SEGMENT, s);
	ecrire_section(f, r, TITRE_ENSEMBLES, ENSEMBLE, s);
	if (s.direct && r->nb_disparus > 0) {
		fprintf(f, "%sdisparus :", s.terminal ? ROUGE : "");
		for (size_t i = 0; i < r->nb_disparus; i++)
			fprintf(f, "%s %s %d", i ? "," : "", noms_genres[r->disparus[i].genre],
			        r->disparus[i].id);
		fprintf(f, "%s\n", s.terminal ? NORMAL EFFACER_FIN : "");
	}
}

/* Écrit le texte en haut de l'écran sans le faire défiler : au plus (lignes du terminal - 1). */
static void ecrire_ecran(const char *texte)
{
	struct winsize ws;
	int max =
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 2 ? ws.ws_row - 1 : 1000;
	int n = 0, reste = 0;

	fputs("\033[H", stdout);
	for (const char *p = texte; *p; n++) {
		const char *fin = strchr(p, '\n');
		size_t lg = fin ? (size_t)(fin - p + 1) : strlen(p);

		if (n < max - 1 || (n == max - 1 && fin && fin[1] == '\0'))
			fwrite(p, 1, lg, stdout);
		else
			reste++;
		p += lg;
	}
	if (reste > 0)
		printf("… %d ligne(s) de plus : agrandissez la fenêtre" EFFACER_FIN "\n", reste);
	fputs("\033[J", stdout);
}

/* Affiche un relevé ; en direct, avec un titre, les changements et les disparus. */
static void afficher(const struct releve *r, unsigned long numero, long intervalle, struct style s)
{
	char *texte = NULL, heure[16] = "";
	size_t taille = 0;
	FILE *f = open_memstream(&texte, &taille);
	time_t t = time(NULL);
	struct tm tm;

	if (f == NULL)
		err(SORTIE_ECHEC, "open_memstream");
	if (s.direct) {
		if (localtime_r(&t, &tm) != NULL)
			strftime(heure, sizeof heure, "%H:%M:%S", &tm);
		fprintf(
		    f,
		    "%smoniteur IPC : relevé %lu, toutes les %ld ms, %s (Ctrl-C pour quitter)%s\n",
		    s.terminal ? GRAS : "", numero, intervalle, heure,
		    s.terminal ? NORMAL EFFACER_FIN : "");
	}
	ecrire_releve(f, r, s);
	if (fclose(f) == EOF)
		err(SORTIE_ECHEC, "open_memstream");
	if (s.terminal)
		ecrire_ecran(texte);
	else
		printf("%s%s", s.direct && numero > 1 ? "\n" : "", texte);
	fflush(stdout);
	free(texte);
}

/* ---- Donné : le mode direct ---- */

static bool ecran_prepare;

/* Écran de secours (comme less ou top) et curseur caché ; restaurer_terminal() défait tout. */
static void preparer_terminal(void)
{
	fputs("\033[?1049h\033[?25l", stdout);
	fflush(stdout);
	ecran_prepare = true;
}

static void restaurer_terminal(void)
{
	if (!ecran_prepare)
		return;
	fputs("\033[?25h\033[?1049l", stdout);
	fflush(stdout);
	ecran_prepare = false;
}

/*
 * Attend ms millisecondes ou l'un des signaux (bloqués) ; renvoie le signal, ou -1 si le temps
 * est écoulé. Les signaux étant bloqués, aucun ne peut arriver entre deux attentes et se perdre.
 */
static int attendre(const sigset_t *signaux, long ms)
{
	struct timespec d = {.tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000L};
	int sig = sigtimedwait(signaux, NULL, &d);

	if (sig == -1 && errno != EAGAIN && errno != EINTR)
		err(SORTIE_ECHEC, "sigtimedwait");
	return sig;
}

/* Relevés toutes les intervalle ms jusqu'à SIGINT, SIGTERM ou SIGHUP ; le terminal est rendu
 * tel qu'on l'a trouvé, même quand on sort par err(). */
static int direct(long intervalle)
{
	struct style s = {.direct = true, .terminal = isatty(STDOUT_FILENO)};
	int tenue = (int)((TENUE_MS + intervalle - 1) / intervalle), sig;
	struct releve ancien = {0};
	unsigned long numero = 0;
	sigset_t signaux;

	sigemptyset(&signaux);
	sigaddset(&signaux, SIGINT);
	sigaddset(&signaux, SIGTERM);
	sigaddset(&signaux, SIGHUP);
	sigaddset(&signaux, SIGTSTP);
	sigaddset(&signaux, SIGWINCH);
	if (sigprocmask(SIG_BLOCK, &signaux, NULL) == -1)
		err(SORTIE_ECHEC, "sigprocmask");
	if (s.terminal) {
		atexit(restaurer_terminal);
		preparer_terminal();
	}
	for (;;) {
		struct releve r = {0};

		relever(&r);
		comparer(&r, numero > 0 ? &ancien : NULL, tenue);
		afficher(&r, ++numero, intervalle, s);
		liberer(&ancien);
		ancien = r;
		sig = attendre(&signaux, intervalle);
		if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP)
			break;
		if (sig == SIGTSTP) { /* Ctrl-Z : rendre le terminal, s'arrêter, reprendre */
			restaurer_terminal();
			raise(SIGSTOP);
			if (s.terminal)
				preparer_terminal();
		}
	}
	liberer(&ancien);
	restaurer_terminal();
	return SORTIE_OK;
}

static int une_fois(void)
{
	struct releve r = {0};

	relever(&r);
	afficher(&r, 1, 0, (struct style){.direct = false, .terminal = false});
	liberer(&r);
	return SORTIE_OK;
}

int main(int argc, char *argv[])
{
	bool seul = false;
	long intervalle = INTERVALLE_DEFAUT;
	int opt;

	sortie_par_ligne();
	usage_synopsis(
	    "[-1] [-i MS]      (-1 : un seul relevé ; MS : de 10 à 60000, 500 par défaut)");
	opterr = 0; /* usage() dit lui-même ce qui ne va pas */
	while ((opt = getopt(argc, argv, ":1i:")) != -1) {
		switch (opt) {
		case '1':
			seul = true;
			break;
		case 'i':
			intervalle = argument_entier(optarg, INTERVALLE_MIN, INTERVALLE_MAX, "MS");
			break;
		case ':':
			usage("l'option -%c attend une valeur", optopt);
		default:
			usage("option inconnue : -%c", optopt);
		}
	}
	if (optind < argc)
		usage("argument en trop : « %s »", argv[optind]);
	return seul ? une_fois() : direct(intervalle);
}
