/*
 * correcteur.c (autotests) : un faux TP dont les items exercent le banc lui-même sur de petits
 * programmes hostiles (tests/autotests/faux/). lancer.sh connaît le verdict attendu de chaque
 * item et le texte que son retour doit contenir.
 */
#define _GNU_SOURCE
#include "banc.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/syscall.h>

/* Doit échouer : le retour dit où le dormeur est bloqué (« bloqué dans »). */
static void bloque(void)
{
	struct proc *p = lancer(ETUDIANT, "dormeur", NULL);

	exiger_bloque(p, -1, "Attendu : le dormeur dort.");
	if (!attendre_fin(p, 200))
		echec("Attendu : la fin du dormeur.\nObservé : %s.", decrire(p));
}

/* Doit réussir ; lancer.sh vérifie ensuite qu'aucun processus marqué ne survit. */
static void evasion(void)
{
	struct proc *p = lancer(ETUDIANT, "evade", NULL);

	exiger_texte(p, "pret", "Attendu : l'évadé démarre.");
}

/* Doit réussir : une sortie inondée est coupée par la limite de taille (SIGXFSZ). */
static void inondation(void)
{
	struct proc *p = lancer(ETUDIANT, "inonde", NULL);

	exiger_fin(p, "Attendu : l'inondation arrêtée par la limite de taille de fichier.");
	exiger(signal_fatal(p) == SIGXFSZ, "Attendu : SIGXFSZ.\nObservé : %s.", decrire(p));
	exiger(strlen(sortie(p)) <= 64 * 1024, "Attendu : une capture bornée à 64 Kio.");
}

/* Doit échouer : la file oubliée est listée avec sa commande ipcrm. */
static void fuite(void)
{
	exiger_code(lancer(ETUDIANT, "fuit", chemin_cle()), 0, "Attendu : fuit réussit.");
	exiger_aucun_objet("à la fin");
}

/* Doit réussir, mais laisser une fuite que l'item suivant relève. */
static void fuite_silencieuse(void)
{
	exiger_code(lancer(ETUDIANT, "fuit", chemin_cle()), 0, "Attendu : fuit réussit.");
}

/* Doit échouer en nommant « fuite-silencieuse ». */
static void fuites_precedentes(void)
{
	exiger_aucune_fuite_precedente();
}

/* Doit réussir en mode espaces de noms : deux items créent la même clé avec IPC_EXCL. */
static void isolation(void)
{
	int id = msgget(0x7470, IPC_CREAT | IPC_EXCL | 0600);

	exiger(id != -1,
	       "Attendu : la clé 0x7470 libre dans l'espace de noms de l'item.\n"
	       "Observé : msgget : %s.",
	       strerror(errno));
	BANC(msgctl(id, IPC_RMID, NULL));
}

/* Doit échouer : un appel du correcteur qui échoue est dit tel quel, avec fichier et ligne. */
static void appel_banc(void)
{
	BANC_SINON(msgctl(-1, IPC_RMID, NULL), "tp-ipc-explication");
}

static bool consomme(void *arg)
{
	return cpu_secondes(arg) >= 0.2;
}

/* Doit réussir : le temps CPU d'un processus en cours se lit, celui d'un dormeur reste nul. */
static void cpu(void)
{
	struct proc *b = lancer(ETUDIANT, "boucle", NULL), *d = lancer(ETUDIANT, "dormeur", NULL);

	exiger(attendre(consomme, b, delai(4 * DELAI_COURT)),
	       "Attendu : la boucle consomme du CPU.\nObservé : %.2f s.", cpu_secondes(b));
	exiger_bloque(d, -1, "Attendu : le dormeur dort.");
	exiger(cpu_secondes(d) < 0.1, "Attendu : le dormeur ne consomme rien.\nObservé : %.2f s.",
	       cpu_secondes(d));
	exiger(strstr(decrire(b), "pas bloqué") != NULL,
	       "Attendu : la boucle décrite comme active.\n"
	       "Observé : %s.",
	       decrire(b));
}

/* Doit échouer bien avant l'échéance : deux processus attendent un message que personne
 * n'enverra ; le retour dit « interblocage ». */
static void interblocage(void)
{
	struct proc *a = lancer(ETUDIANT, "attend", chemin_cle());

	lancer(ETUDIANT, "attend", chemin_cle());
	exiger_fin(a, "Attendu : la fin de attend.");
}

/* Doit échouer bien avant l'échéance : le programme lance 40 processus (fork en boucle). */
static void essaim(void)
{
	exiger_fin(lancer(ETUDIANT, "essaim", NULL), "Attendu : la fin de l'essaim.");
}

/* Doit réussir en une seconde : un dormeur n'est pas figé (il dort avec échéance). Avec
 * --budget 1, l'item qui le suit n'est pas vérifié (lancer.sh). */
static void lent(void)
{
	struct proc *p = lancer(ETUDIANT, "dormeur", NULL);

	exiger(!attendre_fin(p, 1000), "Attendu : le dormeur dort encore.\nObservé : %s.",
	       decrire(p));
}

/* sortie(p) et erreurs(p) dans un même appel : chacune a son tampon. */
static bool deux_flux(const char *s, const char *e)
{
	return strncmp(s, "sortie 0 ", 9) == 0 && strncmp(e, "erreurs 0 ", 10) == 0;
}

/* Doit réussir : sortie() et erreurs() d'un même processus, ensemble, rendent chacune son flux. */
static void sorties(void)
{
	struct proc *p = lancer(ETUDIANT, "bavard", NULL);

	exiger_code(p, 0, "Attendu : bavard réussit.");
	exiger(deux_flux(sortie(p), erreurs(p)),
	       "Attendu : sortie « sortie 0 … », erreurs « erreurs 0 … ».\n"
	       "Observé : sortie « %.20s », erreurs « %.20s ».",
	       sortie(p), erreurs(p));
}

/* Doit échouer : huit montrer() de l'inondation, puis un du bavard, restent dans le tampon du
 * retour (sous ASan aussi), coupés par « … ». */
static void montrer_souvent(void)
{
	struct proc *p = lancer(ETUDIANT, "inonde", NULL), *b = lancer(ETUDIANT, "bavard", NULL);

	exiger_fin(p, "Attendu : l'inondation arrêtée par la limite de taille de fichier.");
	exiger_code(b, 0, "Attendu : bavard réussit.");
	for (int i = 0; i < 8; i++)
		montrer(p);
	montrer(b);
	echec("Attendu : (démonstration) les sorties montrées, bornées.");
}

#ifndef BANC_KIT
/* Item caché : doit réussir ; absent du correcteur du kit (lancer.sh y cherche ce texte). */
static void secret(void)
{
	etape("tp-ipc-secret-code");
	isolation();
}
#endif

/* Doit échouer : le code de sortie observé est dit. */
static void code(void)
{
	exiger_code(lancer(REFERENCE, "false", NULL), 0, "Attendu : false sort avec 0.");
}

/* Retenu dans exit_group au-delà de l'échéance (par un fils qui le suit) : son code compte, le
 * banc prolonge l'attente d'un programme qui sort (comme sous le verrou des groupes de contrôle
 * d'une machine chargée). */
static void sortie_lente(void)
{
	char ms[16];

	snprintf(ms, sizeof ms, "%d", delai(DELAI_COURT) + 1500);
	exiger_code(lancer(ETUDIANT, "sortie-lente", ms), 0,
	            "Attendu : sortie-lente sort avec 0, même retenue dans exit_group.");
}

/* La trace décodée de « appels CHEMIN connus », ligne à ligne (ids d'un espace de noms neuf :
 * en mode repli, les numéros d'objets diffèrent, d'où la comparaison sans eux). */
static const char *const trace_connue[] = {
    "msgget(clé ftok(fichier clé, 1), IPC_CREAT|IPC_EXCL|0600) → file #",
    "msgget(clé ftok(fichier clé, 1), IPC_CREAT|IPC_EXCL|0600) → erreur EEXIST",
    "msgsnd(file #, type 2, 8 octets « bonjour… », IPC_NOWAIT) → 0",
    "msgrcv(file #, 24 octets, type 0, 0) → 8 octets, type 2 « bonjour… »",
    "semget(clé ftok(fichier clé, 2), 2 sémaphores, IPC_CREAT|0600) → ensemble #",
    "semctl(ensemble #, 0, SETVAL, 1) → 0",
    "semop(ensemble #, [0 -1 SEM_UNDO]) → 0",
    "semop(ensemble #, [0 +1 IPC_NOWAIT|SEM_UNDO]) → 0",
    "semctl(ensemble #, 0, GETVAL) → 1",
    "shmget(IPC_PRIVATE, 100 octets, 0600) → segment #",
    "shmat(segment #, SHM_RDONLY) → attaché",
    "shmdt(adresse) → 0",
    "shmctl(segment #, IPC_RMID) → 0",
    "semctl(ensemble #, 0, IPC_RMID) → 0",
    "msgctl(file #, IPC_RMID) → 0",
};

/* Copie de la ligne où chaque nombre qui suit « file », « ensemble » ou « segment » devient #. */
static const char *sans_ids(const char *ligne)
{
	static char t[512];
	size_t n = 0;

	for (const char *s = ligne; *s && n < sizeof t - 2; s++) {
		t[n++] = *s;
		if ((strncmp(t + (n >= 5 ? n - 5 : 0), "file ", 5) == 0 ||
		     strncmp(t + (n >= 9 ? n - 9 : 0), "ensemble ", 9) == 0 ||
		     strncmp(t + (n >= 8 ? n - 8 : 0), "segment ", 8) == 0) &&
		    s[1] >= '0' && s[1] <= '9') {
			t[n++] = '#';
			while (s[1] >= '0' && s[1] <= '9')
				s++;
		}
	}
	t[n] = '\0';
	return t;
}

/* La trace de p est exactement trace_connue. */
static void exiger_trace_connue(struct proc *p)
{
	const struct appel_ipc *t[32];
	size_t n = appels_ipc(p, t, 32);

	exiger(n == NB_ELEMENTS(trace_connue), "Attendu : %zu appels IPC tracés.\nObservé : %zu.",
	       NB_ELEMENTS(trace_connue), n);
	for (size_t i = 0; i < n; i++)
		exiger(strcmp(sans_ids(decrire_appel(t[i])), trace_connue[i]) == 0,
		       "Attendu : appel %zu « %s ».\nObservé : « %s ».", i + 1, trace_connue[i],
		       decrire_appel(t[i]));
	exiger(semop_sans_undo(p) == NULL, "Attendu : tous les semop avec SEM_UNDO.");
	exiger(premier_changement(p) == t[0], "Attendu : le premier changement est le msgget.");
	exiger(premier_appel(p, &(struct motif){.appel = SYS_msgrcv})->arg[2] == 24,
	       "Attendu : msgrcv de 24 octets.");
	exiger(compter_appels(p, &(struct motif){.appel = SYS_semop, .sem_op_positif = true}) == 1,
	       "Attendu : un seul V.");
}

/* Doit réussir : la trace décodée d'une suite d'appels connue, exacte. */
static void trace_exacte(void)
{
	tracer_lancements(TRACER_SI_ETUDIANT);
	struct proc *p = lancer(ETUDIANT, "appels", chemin_cle(), "connus");

	exiger_trace(p);
	exiger_code(p, 0, "Attendu : appels réussit.");
	exiger_trace_connue(p);
}

/* Doit réussir : même trace quand memcheck exécute les appels du programme. */
static void trace_valgrind(void)
{
	tracer_lancements(TRACER_SI_ETUDIANT);
	const char *const args[] = {chemin_cle(), "connus", NULL};
	struct proc *p = lancer_ex(&(struct lancement){
	    .origine = ETUDIANT, .prog = "appels", .args = args, .valgrind = true});

	exiger_trace(p);
	exiger_code(p, 0, "Attendu : appels réussit sous valgrind.");
	exiger_trace_connue(p);
}

/* Doit réussir : retenu juste après son V, le programme n'a encore rien écrit et la valeur
 * est déjà 1 ; relâché, il finit. */
static void trace_retenue(void)
{
	tracer_lancements(TRACER_SI_ETUDIANT);
	struct proc *p = lancer(ETUDIANT, "appels", chemin_cle(), "v");
	struct retenue r =
	    retenir(p, &(struct motif){.appel = SYS_semop, .apres = true, .sem_op_positif = true});
	const struct appel_ipc *a;

	exiger_retenu(r, "Attendu : le programme retenu après son V.");
	a = appel_retenu(r);
	exiger(a != NULL && a->retour == 0, "Attendu : le V réussi.");
	exiger(semctl((int)a->arg[0], 0, GETVAL) == 1, "Attendu : valeur 1 pendant la retenue.");
	exiger(strstr(decrire(p), "retenu par le correcteur juste après semop") != NULL,
	       "Attendu : décrit comme retenu.\nObservé : %s.", decrire(p));
	exiger(!attendre_texte(p, "après V", 100), "Attendu : rien d'écrit pendant la retenue.");
	relacher(r);
	exiger_code(p, 0, "Attendu : appels finit après la relâche.");
	exiger_texte(p, "après V", "Attendu : « après V » après la relâche.");
	restes_attendus();
}

/* Doit réussir : un semop retenu avant d'entrer, rendu en échec (EACCES) sans être exécuté. */
static void trace_echec(void)
{
	tracer_lancements(TRACER_SI_ETUDIANT);
	struct proc *p = lancer(ETUDIANT, "appels", chemin_cle(), "v");
	struct retenue r = retenir(p, &(struct motif){.appel = SYS_semop});
	const struct appel_ipc *a;

	exiger_retenu(r, "Attendu : le programme retenu avant son V.");
	relacher_en_echec(r, EACCES);
	exiger_code(p, 3, "Attendu : le V rendu en échec (code 3).");
	exiger_texte(p, strerror(EACCES), "Attendu : l'erreur EACCES vue par le programme.");
	a = premier_appel(p, &(struct motif){.appel = SYS_semop});
	exiger(a != NULL && a->revenu && a->retour == -1 && a->err == EACCES,
	       "Attendu : semop → erreur EACCES dans la trace.\nObservé : %s.",
	       a ? decrire_appel(a) : "aucun semop");
	exiger(semctl(semget(cle(3), 1, 0), 0, GETVAL) == 0,
	       "Attendu : le V jamais exécuté (valeur 0).");
	restes_attendus();
}

/* Doit réussir : SIGUSR1 arrive juste avant le P (le gestionnaire écrit), puis le P commence
 * et dort ; la trace n'a qu'une entrée dans semop. */
static void trace_signal_avant(void)
{
	tracer_lancements(TRACER_SI_ETUDIANT);
	struct proc *p = lancer(ETUDIANT, "appels", chemin_cle(), "signal");
	struct retenue r = retenir(p, &(struct motif){.appel = SYS_semop});

	exiger_retenu(r, "Attendu : le programme retenu avant son P.");
	relacher_signal_avant(r, SIGUSR1);
	exiger_texte(p, "gestionnaire", "Attendu : le gestionnaire a tourné.");
	exiger_bloque(p, SYS_semop, "Attendu : puis le P dort dans semop (pas d'EINTR).");
	exiger(compter_appels(p, &(struct motif){.appel = SYS_semop}) == 1,
	       "Attendu : un seul semop dans la trace.\nObservé : %zu.",
	       compter_appels(p, &(struct motif){.appel = SYS_semop}));
	envoyer_signal(p, SIGKILL);
	exiger_fin(p, "Attendu : tué.");
	restes_attendus();
}

/* Doit réussir : une sortie sur un pseudo-terminal, brute (pas de « \r »). */
static void terminal(void)
{
	struct proc *p =
	    lancer_ex(&(struct lancement){.origine = ETUDIANT,
	                                  .prog = "appels",
	                                  .args = (const char *const[]){chemin_cle(), "tty", NULL},
	                                  .terminal = true});

	exiger_code(p, 0, "Attendu : appels tty finit.");
	exiger(strcmp(sortie(p), "tty\n") == 0, "Attendu : « tty\\n ».\nObservé : « %s ».",
	       sortie(p));
	p = lancer(ETUDIANT, "appels", chemin_cle(), "tty");
	exiger_code(p, 0, "Attendu : appels tty finit.");
	exiger(strcmp(sortie(p), "pas de tty\n") == 0, "Attendu : « pas de tty ».");
}

/* Doit réussir : SIGSTOP puis SIGCONT pendant un semop bloquant donne EINTR, vu dans la
 * trace ; puis la même chose en le retenant avant le P (relacher_signal). */
static void trace_eintr(void)
{
	tracer_lancements(TRACER_SI_ETUDIANT);
	struct proc *p = lancer(ETUDIANT, "appels", chemin_cle(), "bloque"), *q;
	const struct appel_ipc *a;
	struct retenue r;

	exiger_bloque(p, SYS_semop, "Attendu : bloqué dans semop.");
	suspendre(p);
	reprendre(p);
	exiger_code(p, 3, "Attendu : semop interrompu (code 3).");
	exiger_texte(p, "EINTR", "Attendu : EINTR.");
	a = premier_appel(p, &(struct motif){.appel = SYS_semop, .sem_op_negatif = true});
	exiger(a != NULL && a->revenu && a->err == EINTR,
	       "Attendu : EINTR dans la trace.\n"
	       "Observé : %s.",
	       a ? decrire_appel(a) : "aucun semop");
	q = lancer(ETUDIANT, "appels", chemin_cle(), "bloque");
	r = retenir(q, &(struct motif){.appel = SYS_semop, .sem_op_negatif = true});
	exiger_retenu(r, "Attendu : retenu avant le P.");
	relacher_signal(r, SIGSTOP);
	exiger(attendre_arrete(q, delai(DELAI_COURT)), "Attendu : arrêté.\nObservé : %s.",
	       decrire(q));
	reprendre(q);
	exiger_code(q, 3, "Attendu : semop interrompu (code 3).");
	restes_attendus();
}

/* Doit réussir : l'appel d'un fils du programme est tracé, avec son pid. */
static void trace_fils(void)
{
	tracer_lancements(TRACER_SI_ETUDIANT);
	struct proc *p = lancer(ETUDIANT, "appels", chemin_cle(), "fils");
	const struct appel_ipc *a;

	exiger_code(p, 0, "Attendu : appels fils réussit.");
	a = premier_appel(p, &(struct motif){.appel = SYS_msgctl});
	exiger(a != NULL && a->pid != pid_vu(p) && a->retour == 0,
	       "Attendu : le msgctl du fils tracé, avec le pid du fils.\nObservé : %s.",
	       a ? decrire_appel(a) : "aucun msgctl");
	exiger(compter_appels(p, &(struct motif){0}) == 2, "Attendu : deux appels IPC.");
}

/* Doit échouer : le retour montre les appels IPC du programme (lancer.sh y cherche msgrcv). */
static void trace_retour(void)
{
	tracer_lancements(TRACER_SI_ETUDIANT);
	struct proc *p = lancer(ETUDIANT, "appels", chemin_cle(), "connus");

	exiger_code(p, 0, "Attendu : appels réussit.");
	echec("Attendu : un échec qui montre la trace.");
}

/* Doit réussir : kill(-1) ne tue que l'item (espace PID), ou arrête l'appelant (repli). */
static void tue_tout(void)
{
	struct proc *p = lancer(ETUDIANT, "tue-tout", NULL);

	exiger_fin(p, "Attendu : tue-tout finit.");
	if (signal_fatal(p) == SIGSYS)
		exiger(strstr(decrire(p), "kill(-1)") != NULL,
		       "Attendu : la cause de SIGSYS dite.\nObservé : %s.", decrire(p));
	else
		exiger(signal_fatal(p) == 0 && strstr(sortie(p), "survivant") != NULL,
		       "Attendu : kill(-1) revient (espace PID).\nObservé : %s.", decrire(p));
}

static const struct item items[] = {
    {"bloque", 1, "un processus bloqué est décrit", "-", bloque, NOTE},
    {"evasion", 1, "un processus qui appelle setsid ne survit pas", "-", evasion, NOTE},
    {"inondation", 1, "une sortie inondée reste bornée", "-", inondation, NOTE},
    {"fuite", 1, "un objet restant est listé avec ipcrm", "-", fuite, NOTE},
    {"fuite-silencieuse", 1, "fuite dans un item réussi", "-", fuite_silencieuse, NOTE},
    {"fuites-precedentes", 1, "les fuites des items précédents", "-", fuites_precedentes, NOTE},
    {"isolation", 1, "même clé dans deux items", "-", isolation, NOTE},
    {"isolation-bis", 1, "même clé dans deux items (bis)", "-", isolation, NOTE},
    {"code", 1, "code de sortie inattendu", "-", code, NOTE},
    {"sortie-lente", 1, "sortie retenue dans exit_group au-delà de l'échéance", "-", sortie_lente,
     NOTE},
    {"interblocage", 1, "interblocage reconnu avant l'échéance", "-", interblocage, NOTE},
    {"essaim", 1, "fork en boucle reconnu avant l'échéance", "-", essaim, NOTE},
    {"lent", 1, "un dormeur n'est pas pris pour un interblocage", "-", lent, NOTE},
    {"cpu", 1, "temps CPU d'un processus en cours", "-", cpu, NOTE},
    {"sorties", 1, "sortie() et erreurs() dans un même appel", "-", sorties, NOTE},
    {"montrer", 1, "montrer() huit fois une sortie inondée", "-", montrer_souvent, NOTE},
    {"appel-banc", 1, "un appel du correcteur qui échoue (BANC)", "-", appel_banc, NOTE},
    {"bonus", 1, "un item bonus compte à part", "-", isolation, BONUS},
    {"trace-exacte", 1, "trace décodée exacte d'appels connus", "-", trace_exacte, NOTE},
    {"trace-valgrind", 1, "trace sous valgrind", "-", trace_valgrind, NOTE},
    {"trace-retenue", 1, "retenue après un V, puis relâche", "-", trace_retenue, NOTE},
    {"trace-eintr", 1, "SIGSTOP/SIGCONT dans un semop : EINTR", "-", trace_eintr, NOTE},
    {"trace-echec", 1, "un appel retenu rendu en échec", "-", trace_echec, NOTE},
    {"trace-signal-avant", 1, "un signal juste avant l'appel", "-", trace_signal_avant, NOTE},
    {"terminal", 1, "sortie sur un pseudo-terminal", "-", terminal, NOTE},
    {"trace-fils", 1, "appels d'un fils tracés", "-", trace_fils, NOTE},
    {"trace-retour", 1, "la trace dans le retour d'un échec", "-", trace_retour, NOTE},
    {"tue-tout", 1, "kill(-1) ne tue que l'item", "-", tue_tout, NOTE},
    ITEM_CACHE("secret", 1, "tp-ipc-secret-titre", "tp-ipc-secret-indice", secret),
};

static const struct tp tp = {"autotests", items, NB_ELEMENTS(items)};

int main(int argc, char **argv)
{
	return banc_main(argc, argv, &tp);
}
