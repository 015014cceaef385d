/*
 * isolation.c : le bac à sable d'un item.
 *
 * Mode normal : le processus de l'item entre dans de nouveaux espaces de noms IPC et PID
 * (avec un espace de noms utilisateur quand il n'est pas root). Le premier fils devient le pid 1
 * de l'espace PID (le « gardien ») : quand il meurt, le noyau tue tous les processus de l'espace,
 * même ceux qui ont appelé setsid ou se sont détachés. Le gardien meurt avec l'item
 * (PR_SET_PDEATHSIG), donc même un dépassement du délai de Check ne laisse rien derrière.
 *
 * Mode de repli (espaces de noms refusés) : fichier clé privé dans un dossier temporaire, et le
 * processus de l'item devient « subreaper » : les orphelins lui reviennent et sont tués à la fin.
 * L'espace IPC étant celui de la machine, un correcteur en repli en tient le verrou du début à
 * la fin : deux corrections ne s'y voient jamais l'une l'autre.
 */
#define _GNU_SOURCE
#include "interne.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

struct bac bac;
static char raison_repli[160];

/* TP_IPC_REPLI non vide force le mode de repli (autotests). */
static bool repli_force(void)
{
	const char *r = getenv("TP_IPC_REPLI");

	return r != NULL && *r != '\0';
}

static bool ecrire_fichier(const char *chemin, const char *texte)
{
	int fd = open(chemin, O_WRONLY);
	bool ok;

	if (fd == -1)
		return false;
	ok = write(fd, texte, strlen(texte)) == (ssize_t)strlen(texte);
	close(fd);
	return ok;
}

/* Entre dans de nouveaux espaces de noms IPC et PID ; faux (et raison_repli) si refusé. */
static bool entrer_espaces_de_noms(void)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char ligne[64];

	if (repli_force()) { /* pour éprouver le mode de repli */
		errno = EPERM;
		return false;
	}
	if (uid == 0) {
		if (unshare(CLONE_NEWIPC | CLONE_NEWPID) == 0)
			return true;
	} else if (unshare(CLONE_NEWUSER | CLONE_NEWIPC | CLONE_NEWPID) == 0) {
		snprintf(ligne, sizeof ligne, "%d %d 1\n", (int)uid, (int)uid);
		ecrire_fichier("/proc/self/setgroups", "deny");
		if (ecrire_fichier("/proc/self/uid_map", ligne)) {
			snprintf(ligne, sizeof ligne, "%d %d 1\n", (int)gid, (int)gid);
			ecrire_fichier("/proc/self/gid_map", ligne);
			return true;
		}
	}
	snprintf(raison_repli, sizeof raison_repli, "espaces de noms refusés : %s",
	         strerror(errno));
	return false;
}

/*
 * Corps du pid 1 : réserve le pid 2, prévient le parent (qui attend sur le tube, donc vit
 * encore quand PR_SET_PDEATHSIG est posé), puis récolte les orphelins.
 */
static noreturn void gardien(int tube)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* Le pid 2 ne doit pas être un client : 1 et 2 sont les étiquettes des requêtes. */
	if (fork() == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	if (write(tube, "", 1) != 1)
		_exit(1);
	close(tube);
	for (;;)
		if (wait(NULL) == -1 && errno == ECHILD)
			pause();
}

/* Vrai si les espaces de noms de l'item sont possibles ici (essayé une fois, dans un fils). */
static bool espaces_possibles(void)
{
	static int possible = -1;
	int statut;
	pid_t pid;

	if (possible != -1)
		return possible;
	pid = fork();
	if (pid == 0)
		_exit(entrer_espaces_de_noms() ? 0 : 1);
	possible = pid > 0 && waitpid(pid, &statut, 0) == pid && WIFEXITED(statut) &&
	           WEXITSTATUS(statut) == 0;
	return possible;
}

/*
 * Le verrou est pris sur /proc/sysvipc/msg : le fichier de l'espace IPC qu'il protège, le même
 * pour tous les utilisateurs de la machine, qui existe toujours et ne reste jamais derrière.
 */
void repli_verrouiller(void)
{
	static const char chemin[] = "/proc/sysvipc/msg";
	int fd;

	if (espaces_possibles())
		return;
	fd = open(chemin, O_RDONLY | O_CLOEXEC); /* ouvert jusqu'à la fin, le verrou avec lui */
	if (fd != -1 && flock(fd, LOCK_EX | LOCK_NB) == 0)
		return;
	if (fd != -1 && isatty(STDERR_FILENO))
		fprintf(stderr,
		        "banc : mode de repli : une autre correction tient l'espace IPC de la "
		        "machine ; attente de sa fin (verrou sur %s)\n",
		        chemin);
	while (fd == -1 || flock(fd, LOCK_EX) == -1)
		if (fd == -1 || errno != EINTR) {
			fprintf(stderr, "banc : mode de repli : verrou sur %s : %s\n", chemin,
			        strerror(errno));
			exit(1);
		}
}

/* Le pid hôte du fils du gardien qui tient le pid 2 (son seul fils à ce moment). */
static pid_t pid_reserve(pid_t gardien)
{
	char chemin[64];
	int pid = 0;
	FILE *f;

	snprintf(chemin, sizeof chemin, "/proc/%d/task/%d/children", (int)gardien, (int)gardien);
	f = fopen(chemin, "r");
	if (f == NULL)
		return 0;
	if (fscanf(f, "%d", &pid) != 1)
		pid = 0;
	fclose(f);
	return (pid_t)pid;
}

/* En root sous un uid noté : « ; vue … » selon que la vue réduite (vue.c) est possible ici. */
static const char *sonder_vue(void)
{
	int statut;
	pid_t pid;

	if (uid_des_programmes() == getuid())
		return "";
	pid = fork();
	if (pid == 0)
		_exit(unshare(CLONE_NEWNS) == 0 ? 0 : 1);
	if (pid > 0 && waitpid(pid, &statut, 0) == pid && WIFEXITED(statut) &&
	    WEXITSTATUS(statut) == 0)
		return " ; vue réduite au système pour les programmes notés";
	return " ; vue de la machine pour les programmes notés (montages refusés)";
}

const char *sonder_isolation(void)
{
	static char mode[700];

	if (espaces_possibles())
		snprintf(mode, sizeof mode,
		         "espaces de noms IPC et PID propres à chaque item ; %s%s", trace_sonder(),
		         sonder_vue());
	else
		snprintf(mode, sizeof mode,
		         "repli : fichier clé privé par item, sans espaces de noms (%s) ; "
		         "une correction à la fois sur la machine ; les fuites sont les objets de "
		         "l'uid noté créés pendant l'item ; %s%s",
		         repli_force()    ? "forcé par TP_IPC_REPLI"
		         : geteuid() == 0 ? "unshare refusé"
		                          : "non-root, espaces de noms utilisateur refusés",
		         trace_sonder(), sonder_vue());
	return mode;
}

void bac_ouvrir(void)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	memset(&bac, 0, sizeof bac);
	snprintf(bac.dossier, sizeof bac.dossier, "%s/tp-ipc.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(bac.dossier) == NULL)
		echec("banc : impossible de créer un dossier temporaire : %s", strerror(errno));
	snprintf(bac.cle, sizeof bac.cle, "%s/cle", bac.dossier);
	fd = open(bac.cle, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd == -1)
		echec("banc : impossible de créer le fichier clé : %s", strerror(errno));
	close(fd);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	bac.espaces_de_noms = entrer_espaces_de_noms();
	if (bac.espaces_de_noms) {
		int tube[2];
		char c;

		if (pipe(tube) == -1)
			echec("banc : pipe : %s", strerror(errno));
		bac.gardien = fork();
		if (bac.gardien == 0) {
			close(tube[0]);
			gardien(tube[1]);
		}
		close(tube[1]);
		if (bac.gardien == -1 || read(tube[0], &c, 1) != 1)
			echec("banc : démarrage du gardien de l'espace PID : %s", strerror(errno));
		close(tube[0]);
		bac.reserve = pid_reserve(bac.gardien);
	} else {
		prctl(PR_SET_CHILD_SUBREAPER, 1);
	}
	ipc_sequences_non_nulles();
	if (!bac.espaces_de_noms)
		ipc_relever_avant(uid_des_programmes());
	trace_ouvrir(); /* après le gardien : lui n'a pas le réveil SIGCHLD du traçage */
}

/* Tue (SIGKILL) chaque processus dont le parent est moi ; renvoie combien. */
static int tuer_enfants(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t moi = getpid();
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char chemin[64], ligne[512];
		FILE *f;
		int ppid;
		pid_t pid = (pid_t)atoi(e->d_name);

		if (pid <= 0)
			continue;
		snprintf(chemin, sizeof chemin, "/proc/%d/stat", (int)pid);
		f = fopen(chemin, "r");
		if (f == NULL)
			continue;
		if (fgets(ligne, sizeof ligne, f) != NULL) {
			char *fin = strrchr(ligne, ')');

			if (fin != NULL && sscanf(fin + 2, "%*c %d", &ppid) == 1 && ppid == moi) {
				kill(pid, SIGKILL);
				n++;
			}
		}
		fclose(f);
	}
	closedir(d);
	return n;
}

/*
 * Tue tout ce que l'item a lancé et récolte les statuts. Le gardien mort, le noyau tue tout
 * l'espace PID ; en repli, les orphelins reviennent au subreaper et sont tués au tour suivant.
 */
void bac_tout_tuer(void)
{
	for (size_t i = 0; i < bac.nb_procs; i++)
		if (!bac.procs[i]->fini)
			bac.procs[i]->tue_par_banc = true;
	for (;;) {
		tuer_enfants();
		if (!proc_recolter(true))
			break; /* ECHILD : plus aucun descendant */
	}
	bac.gardien = 0;
}

static int supprimer_entree(const char *chemin, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)type;
	(void)f;
	remove(chemin);
	return 0;
}

void effacer_arbre(const char *dossier)
{
	nftw(dossier, supprimer_entree, 16, FTW_DEPTH | FTW_PHYS);
}

/* Après l'item : tout tuer, relever les fuites d'un item réussi, effacer le dossier. */
void bac_fermer(bool reussi)
{
	bool tous_finis_seuls = true;

	for (size_t i = 0; i < bac.nb_procs; i++)
		if (!bac.procs[i]->fini)
			tous_finis_seuls = false;
	bac_tout_tuer();
	if (reussi && tous_finis_seuls && !bac.restes_voulus && reglages.dossier_rapport) {
		const char *restes = objets_restants();

		if (*restes) {
			char chemin[512];
			FILE *f;

			snprintf(chemin, sizeof chemin, "%s/fuites", reglages.dossier_rapport);
			f = fopen(chemin, "a");
			if (f != NULL) {
				fprintf(f, "après l'item « %s » :\n%s", bac.item ? bac.item : "?",
				        restes);
				fclose(f);
			}
		}
	}
	supprimer_objets();
	proc_liberer_tout();
	if (bac.dossier[0])
		effacer_arbre(bac.dossier);
	bac.dossier[0] = '\0';
}

const char *chemin_cle(void)
{
	return bac.cle;
}

const char *dossier_test(void)
{
	return bac.dossier;
}

key_t cle(int id)
{
	return ftok(bac.cle, id);
}

void restes_attendus(void)
{
	bac.restes_voulus = true;
}
