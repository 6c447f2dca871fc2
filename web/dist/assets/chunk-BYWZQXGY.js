import{a,b}from"./chunk-HJTZYMUC.js";import"./chunk-VRSCKKZI.js";import"./chunk-RRAPSSUD.js";import"./chunk-AE2JECOI.js";import"./chunk-JOXUSMBH.js";export{a as statusPage,b as trendLine};
