/*
 * correcteur.c (autotests) : un faux TP dont les items exercent le banc lui-même sur de petits
 * programmes hostiles (tests/autotests/faux/). lancer.sh connaît le verdict attendu de chaque
 * item et le texte que son retour doit contenir.
 */
#define _GNU_SOURCE
#include "banc.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/msg.h>

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
    {"interblocage", 1, "interblocage reconnu avant l'échéance", "-", interblocage, NOTE},
    {"essaim", 1, "fork en boucle reconnu avant l'échéance", "-", essaim, NOTE},
    {"lent", 1, "un dormeur n'est pas pris pour un interblocage", "-", lent, NOTE},
    {"cpu", 1, "temps CPU d'un processus en cours", "-", cpu, NOTE},
    {"sorties", 1, "sortie() et erreurs() dans un même appel", "-", sorties, NOTE},
    {"montrer", 1, "montrer() huit fois une sortie inondée", "-", montrer_souvent, NOTE},
    {"appel-banc", 1, "un appel du correcteur qui échoue (BANC)", "-", appel_banc, NOTE},
    {"bonus", 1, "un item bonus compte à part", "-", isolation, BONUS},
    ITEM_CACHE("secret", 1, "tp-ipc-secret-titre", "tp-ipc-secret-indice", secret),
};

static const struct tp tp = {"autotests", items, NB_ELEMENTS(items)};

int main(int argc, char **argv)
{
	return banc_main(argc, argv, &tp);
}
